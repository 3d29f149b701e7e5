using System.CommandLine;

namespace ViST.Cli;

/// <summary>What both programs (vist, vist-train) share on the command line: one way to report a bad
/// input (a message naming the file and the problem, exit code 2) and helpers to declare options.</summary>
public static class CliRunner
{
    /// <summary>Exit code for bad input (a file that is missing, malformed or of the wrong shape).</summary>
    public const int BadInput = 2;

    /// <summary>The arguments of the command being run (after the program name), for provenance records.</summary>
    public static IReadOnlyList<string> Arguments { get; private set; } = [];

    public static int Run(RootCommand root, string[] args)
    {
        Arguments = args;
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {OneLine(Unwrap(e).Message)}");
            return BadInput;
        }
        catch (Exception e) when (Unwrap(e) is DllNotFoundException missing)
        {
            // The places that load native libraries name the package that brings them (a PlatformNotSupportedException,
            // above); a library missing anywhere else still gets one line rather than a stack trace.
            Console.Error.WriteLine($"error: {MissingLibrary(missing)}");
            return BadInput;
        }
    }

    /// <summary>A message as one line: an error is one line on stderr even where it quotes a tool's multi-line output.</summary>
    public static string OneLine(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>"LIBRARY: cannot be loaded (WHY)" from .NET's "Unable to load shared library 'X' or one of its dependencies..."</summary>
    internal static string MissingLibrary(DllNotFoundException e)
    {
        var name = System.Text.RegularExpressions.Regex.Match(e.Message, "shared library '([^']+)'");
        string library = name.Success ? name.Groups[1].Value : "a native library";
        return $"{library}: cannot be loaded ({ViST.RetinaModel.Runtime.NativeLoadFailure.Reason(e)}); `vist doctor` shows what this machine lacks";
    }

    /// <summary>Errors caused by what the user gave us, or by what this machine lacks (PlatformNotSupportedException,
    /// a NotSupportedException: a library or program the command needs), reported without a stack trace.</summary>
    public static bool IsUserError(Exception e) => Unwrap(e) is InvalidDataException or FileNotFoundException
        or DirectoryNotFoundException or ArgumentException or FormatException or NotSupportedException
        or UserInputException;

    static Exception Unwrap(Exception e) =>
        e is System.Reflection.TargetInvocationException or AggregateException or TypeInitializationException && e.InnerException != null
            ? Unwrap(e.InnerException!) : e;

    public static Option<T> Required<T>(string name, string description) =>
        new(name) { Description = description, Required = true };

    public static Option<T> Optional<T>(string name, string description) =>
        new(name) { Description = description };

    public static Option<T> WithDefault<T>(string name, string description, T value) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };
}

/// <summary>A problem with the user's input that is not about a file's format (a bad option combination, an
/// out-of-range value). Reported as "error: message" with exit code 2.</summary>
public sealed class UserInputException(string message) : Exception(message);
