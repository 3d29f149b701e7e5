using ViST.Cli;
using ViST.RetinaModel.Runtime;

namespace ViST.Simulator.Tests;

/// <summary>How the command line turns a failure into one error line.</summary>
public class CliRunnerTests
{
    /// <summary>What .NET says when a library's own dependency is missing: advice, then one line per place it looked.</summary>
    const string RuntimeText = """
        Unable to load shared library 'LibFoo' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: 
        /opt/app/runtimes/linux-x64/native/LibFoo.so: cannot open shared object file: No such file or directory
        libbar.so.2: cannot open shared object file: No such file or directory
        /opt/app/libLibFoo.so: cannot open shared object file: No such file or directory
        """;

    [Fact]
    public void A_library_missing_anywhere_is_one_line_naming_it_and_what_it_lacks()
    {
        string line = CliRunner.MissingLibrary(new DllNotFoundException(RuntimeText));
        Assert.Equal("LibFoo: cannot be loaded (libbar.so.2: cannot open shared object file: No such file or directory); `vist doctor` shows what this machine lacks", line);
    }

    [Fact]
    public void The_loader_reason_is_found_through_the_wrappers_libraries_use()
    {
        var wrapped = new TypeInitializationException("Some.NativeMethods", new DllNotFoundException(RuntimeText));
        Assert.Equal("libbar.so.2: cannot open shared object file: No such file or directory", NativeLoadFailure.Reason(wrapped));
        // where nothing was found at all, the first place looked at
        Assert.Equal("/x/libnone.so: cannot open shared object file: No such file or directory",
            NativeLoadFailure.Reason(new DllNotFoundException("Unable to load shared library 'none'\n/x/libnone.so: cannot open shared object file: No such file or directory\n")));
    }

    [Fact]
    public void A_message_that_quotes_several_lines_becomes_one()
    {
        Assert.Equal("clip.mp4: cannot decode; [mov] moov atom not found; clip.mp4: Invalid data", CliRunner.OneLine("clip.mp4: cannot decode\n[mov] moov atom not found\r\n\nclip.mp4: Invalid data\n"));
    }
}
