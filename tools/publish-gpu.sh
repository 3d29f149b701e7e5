#!/usr/bin/env bash
# Publishes `vist` and `vist-train` for a linux-x64 GPU machine that has no .NET: one self-contained folder,
# packed as .tar.xz and split into parts below 64 MiB (for size-limited transfers), with the command that
# reassembles them. `vist` runs on ONNX Runtime's CUDA package (-p:ViSTGpu=true); `vist-train` carries no libtorch
# and runs on the machine's own (VIST_LIBTORCH=PyTorch's torch/lib, see README "GPU").
#
#   tools/publish-gpu.sh [--out DIR] [--cpu] [--prune-sm ARCHS] [--prune-tool FILE] [--part-size SIZE] [--no-pack]
#
#   --out DIR          where the folder, the archive and its parts go (default: publish/ in the repository)
#   --cpu              ONNX Runtime's CPU package instead of the CUDA one (a test of this script on a machine
#                      without the GPU package; vist-train still takes its libtorch from VIST_LIBTORCH)
#   --prune-sm ARCHS   keep only these GPU generations' kernels in ONNX Runtime's CUDA provider (284 MB), e.g. 90
#                      for an H100 or 80,90; the build then runs on those GPUs only. Needs python3 and readelf.
#   --prune-tool FILE  the pruning script (default: ../shared/tools/prune_fatbin.py beside the repository)
#   --part-size SIZE   split size for `split -b` (default 60M: parts of 60 MiB)
#   --no-pack          stop after the folder (no archive)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/publish"
gpu=true
prune=""
prune_tool="$repo/../shared/tools/prune_fatbin.py"
part_size=60M
pack=true

fail() { echo "error: publish-gpu.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || fail "--out needs a folder"; out="$2"; shift 2 ;;
    --cpu) gpu=false; shift ;;
    --prune-sm) [ $# -ge 2 ] || fail "--prune-sm needs architectures, e.g. 90"; prune="$2"; shift 2 ;;
    --prune-tool) [ $# -ge 2 ] || fail "--prune-tool needs a file"; prune_tool="$2"; shift 2 ;;
    --part-size) [ $# -ge 2 ] || fail "--part-size needs a size, e.g. 60M"; part_size="$2"; shift 2 ;;
    --no-pack) pack=false; shift ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument '$1' (see --help)" ;;
  esac
done

command -v dotnet >/dev/null || fail "dotnet (the .NET 10 SDK) is not on PATH"
if [ -n "$prune" ]; then
  $gpu || fail "--prune-sm applies to the CUDA provider, which --cpu leaves out"
  [[ "$prune" =~ ^[0-9]+(,[0-9]+)*$ ]] || fail "--prune-sm: give architectures like 90 or 80,90, got '$prune'"
  command -v python3 >/dev/null || fail "--prune-sm needs python3"
  command -v readelf >/dev/null || fail "--prune-sm needs readelf (binutils)"
  [ -f "$prune_tool" ] || fail "--prune-sm: no pruning script at $prune_tool (give it with --prune-tool)"
fi

name=$($gpu && echo vist-gpu-linux-x64 || echo vist-cpu-linux-x64)
mkdir -p "$out"
out="$(cd "$out" && pwd)"
dest="$out/$name"
work="$out/.work-$name"            # staging and the build's own obj/bin, apart from the development build
rm -rf "$dest" "$work"
mkdir -p "$dest" "$work"

publish() {  # project, folder, extra msbuild properties...
  local project="$1" folder="$2"; shift 2
  echo "publishing $project -> $folder"
  dotnet publish "$repo/src/$project" -c Release -r linux-x64 --self-contained \
    --artifacts-path "$work/artifacts" -o "$folder" -p:ViSTGpu=$gpu "$@" -nologo -v:q \
    || fail "dotnet publish of src/$project failed"
}
publish Simulator "$work/vist"
publish Trainer "$work/vist-train" -p:ViSTPackagedLibTorch=false

# One folder for both programs: each has its own .deps.json and .runtimeconfig.json; every file they share must be
# the same file, else one program would run with the other's copy.
cp -a "$work/vist/." "$dest/"
conflicts=()
while IFS= read -r -d '' f; do
  rel="${f#"$work/vist-train/"}"
  if [ -e "$dest/$rel" ]; then
    cmp -s "$f" "$dest/$rel" || conflicts+=("$rel")
  else
    mkdir -p "$(dirname "$dest/$rel")"
    cp -a "$f" "$dest/$rel"
  fi
done < <(find "$work/vist-train" -type f -print0)
[ ${#conflicts[@]} -eq 0 ] || fail "vist and vist-train need different copies of: ${conflicts[*]}"
if compgen -G "$dest/libtorch*" >/dev/null || [ -e "$dest/libc10.so" ]; then
  fail "the folder holds a libtorch; vist-train must use only the machine's (VIST_LIBTORCH)"
fi

if [ -n "$prune" ]; then
  provider="$dest/libonnxruntime_providers_cuda.so"
  [ -f "$provider" ] || fail "no $provider to prune"
  echo "pruning $provider to sm ${prune//,/ }"
  python3 "$prune_tool" "$provider" "$provider" ${prune//,/ } || fail "pruning failed"
fi

cat > "$dest/README-GPU.txt" <<EOF
Vi-ST simulator, self-contained for linux-x64 ($($gpu && echo "ONNX Runtime CUDA" || echo "ONNX Runtime CPU")$([ -n "$prune" ] && echo ", CUDA kernels for sm ${prune} only")).
No .NET needed. Run ./vist --help and ./vist-train --help.

vist (rendering, live runs, sweeps) needs these Debian/Ubuntu packages:
  sudo apt-get install -y --no-install-recommends libegl1 libglfw3 libopenal1 ffmpeg
  (with an NVIDIA driver its EGL comes with the driver; without a GPU for rendering add libegl-mesa0 libgl1-mesa-dri)
$($gpu && echo "For CUDA, ONNX Runtime 1.31 needs CUDA 13 and cuDNN 9: put the folder with libcudart.so.13/libcublas.so.13
and the one with libcudnn.so.9 on LD_LIBRARY_PATH; without them vist says so and runs on the CPU.")

vist-train carries no libtorch. Point it at PyTorch 2.10's (pip install "torch==2.10.*", CUDA build):
  export VIST_LIBTORCH=\$(python3 -c "import torch, os; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))")
  ./vist-train train DATASET --out RUN --precision bf16
It prints what it runs on ("runs on: cuda:0 (...)"); a wrong folder or version is refused with the reason.
EOF

# The published programs start without .NET (nothing on PATH but the system's basics).
for program in vist vist-train; do
  env -i PATH=/usr/bin:/bin HOME="${HOME:-/tmp}" "$dest/$program" --help >/dev/null 2>"$work/$program.err" \
    || fail "the published $program does not start without .NET: $(head -c 400 "$work/$program.err")"
done
echo "published $dest ($(du -sh "$dest" | cut -f1)); vist --help and vist-train --help start without .NET"

if $pack; then
  archive="$out/$name.tar.xz"
  rm -f "$archive" "$archive".part-*
  echo "packing $archive"
  tar -C "$out" -cf - "$name" | xz -T0 > "$archive"        # level 6 unless XZ_OPT says otherwise (e.g. XZ_OPT=-3)
  split -b "$part_size" -d -a 2 "$archive" "$archive.part-"
  (cd "$out" && sha256sum "$name.tar.xz" "$name.tar.xz".part-* > "$name.sha256")
  echo "archive $(du -h "$archive" | cut -f1) in $(ls "$archive".part-* | wc -l) part(s) of at most $part_size:"
  ls -l "$archive".part-* | awk '{print "  " $5 " " $NF}'
  echo "on the target, in the folder with the parts and $name.sha256:"
  echo "  cat $name.tar.xz.part-* > $name.tar.xz && sha256sum -c $name.sha256 && tar -xJf $name.tar.xz"
fi
rm -rf "$work"
