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
            Console.Error.WriteLine($"error: {Unwrap(e).Message}");
            return BadInput;
        }
    }

    /// <summary>Errors caused by what the user gave us, reported without a stack trace.</summary>
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
