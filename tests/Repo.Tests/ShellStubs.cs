namespace ViST.Repo.Tests;

/// <summary>A folder to be the whole PATH of a shell script under test: links to the real tools it may use, and
/// stand-in scripts for the ones that would change the machine (apt-get, sudo) or that a test needs to control
/// (id, dpkg-query, dotnet). Each stand-in appends its arguments to calls.log.</summary>
sealed class ShellStubs
{
    public string Dir { get; }
    public string Log => Path.Combine(Dir, "calls.log");

    public ShellStubs(string dir, params string[] realTools)
    {
        Dir = Directory.CreateDirectory(dir).FullName;
        foreach (var tool in realTools)
        {
            string real = new[] { "/usr/bin", "/bin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException($"{tool}: not in /usr/bin or /bin");
            File.CreateSymbolicLink(Path.Combine(Dir, tool), real);
        }
    }

    /// <summary>A stand-in <paramref name="name"/> that logs "name args" and then runs <paramref name="body"/> (sh).</summary>
    public ShellStubs Add(string name, string body = "")
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, $"#!/bin/sh\nprintf '%s\\n' \"{name} $*\" >> '{Log}'\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return this;
    }

    public string[] Calls => File.Exists(Log) ? File.ReadAllLines(Log) : [];
}
