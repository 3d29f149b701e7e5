#!/usr/bin/env bash
# What ./vist and ./vist-train do: make sure this machine has what the program needs (the .NET SDK, the Debian
# packages of tools/debian-packages.txt), build it once (Release; again only when a source changed since), then
# run it with the user's arguments, in the user's folder. Output of its own goes to stderr, so that a command's
# stdout (tables, JSON lines) stays the program's.
# usage: tools/launch.sh PROJECT PROGRAM [ARGS...], e.g. tools/launch.sh Simulator vist run --scene s.json
set -euo pipefail
project=$1 program=$2
shift 2
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=tools/debian-packages.sh
source "$root/tools/debian-packages.sh"

fail() { echo "error: $1" >&2; exit 2; }

dotnet=$(command -v dotnet || true)
[ -z "$dotnet" ] && [ -x "$HOME/.dotnet/dotnet" ] && dotnet=$HOME/.dotnet/dotnet
[ -n "$dotnet" ] || fail "dotnet: the .NET 10 SDK is not installed; install it (https://learn.microsoft.com/dotnet/core/install/linux-debian, or: curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0) and run $program again"
"$dotnet" --list-sdks 2>/dev/null | grep -q '^10\.' || fail "dotnet: no .NET 10 SDK ($("$dotnet" --list-sdks 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ')found); install the .NET 10 SDK and run $program again"

ensure_debian_packages "$program" ||
  echo "$program: going on without them; it says so where it needs one (\`$program doctor\` lists what this machine has)" >&2

out=$root/src/$project/bin/Release/net10.0
obj=$root/src/$project/obj
stamp=$out/.launcher-build   # the sources of the last good build; its time is when that build started

# Every file a build reads (bin/ and obj/ are outputs), plus the find predicates given.
inputs() {
  find "$root/src" "$root/shaders" "$root/scenes" "$root/models" "$root/tools/debian-packages.txt" \
    "$root/Directory.Build.props" "$root/Directory.Build.targets" "$root/Directory.Packages.props" "$root/nuget.config" \
    \( -name bin -o -name obj \) -prune -o -type f "$@" -print
}

stale() {
  [ -x "$out/$program" ] && [ -f "$stamp" ] || return 0
  [ -n "$(inputs -newer "$stamp" | head -n 1)" ] && return 0   # a file changed
  [ "$(inputs | sort)" != "$(cat "$stamp")" ]                   # a file added, removed or renamed
}

mkdir -p "$obj"
exec 9>"$obj/.launcher.lock"
flock 9   # two launches at once build once
if stale; then
  echo "$program: building it (Release; sources changed since the last build)..." >&2
  inputs | sort >"$obj/.launcher-build.new"    # written now: a file edited during the build is newer than the stamp
  log=$obj/.launcher-build.log
  if ! DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 "$dotnet" build -c Release "$root/src/$project/$project.csproj" >"$log" 2>&1; then
    errors=$(grep -E ': error ' "$log" | sort -u || true)
    if [ -n "$errors" ]; then echo "$errors" >&2; else tail -n 20 "$log" >&2; fi
    fail "$program: the build failed (the whole output: $log)"
  fi
  mv "$obj/.launcher-build.new" "$stamp"
fi
exec 9>&-   # the lock is for building; the program runs without holding it
exec "$out/$program" "$@"
