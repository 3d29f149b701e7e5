using System.CommandLine;
using ViST.Cli;
using ViST.Simulator.Commands;
using ViST.Simulator.Dashboard;
using ViST.Simulator.Loop;
using ViST.Simulator.Tests.Fakes;
using ViST.Tests;

namespace ViST.Simulator.Tests.Dashboard;

/// <summary>`vist run --ui [PORT] [--ui-any-address]` on the command line.</summary>
public class DashboardArgumentsTests
{
    static DashboardSettings? Parse(params string[] args)
    {
        var port = DashboardArguments.Port();
        var any = new Option<bool>("--ui-any-address");
        var root = new RootCommand { port, any };
        var result = root.Parse(args);
        Assert.Empty(result.Errors);
        return DashboardArguments.Settings(result, port, any);
    }

    [Fact]
    public void A_bare_ui_serves_the_default_port_on_loopback_and_a_port_can_be_named()
    {
        Assert.Null(Parse());
        Assert.Equal(new DashboardSettings(DashboardSettings.DefaultPort, false), Parse("--ui"));
        Assert.Equal(new DashboardSettings(0, false), Parse("--ui", "0"));
        Assert.Equal(new DashboardSettings(9001, true), Parse("--ui", "9001", "--ui-any-address"));
        Assert.Contains("--ui-any-address needs --ui", Assert.Throws<UserInputException>(() => Parse("--ui-any-address")).Message);
    }

    static readonly RuntimeFactories Fakes = FakeFactories.SceneAndTwoCells;

    static int Vist(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(RunCommand.Create(Fakes));
        return CliRunner.Run(root, args);
    }

    [Fact]
    public void A_run_with_the_dashboard_ends_normally_and_bad_ports_are_refused_with_a_reason()
    {
        string scene = Path.Combine(TestPaths.TempDir(), "scene.json");
        File.WriteAllText(scene, Runs.SceneJson);
        Assert.Equal(0, Vist("run", "--scene", scene, "--headless", "--seconds", "1", "--ui", "0"));
        // the messages themselves are checked where they are made (DashboardServerTests)
        Assert.Equal(CliRunner.BadInput, Vist("run", "--scene", scene, "--headless", "--seconds", "1", "--ui", "70000"));
        Assert.Equal(CliRunner.BadInput, Vist("run", "--scene", scene, "--headless", "--ui-any-address"));
        Assert.NotEqual(0, Vist("run", "--scene", scene, "--headless", "--ui", "eighty"));
    }
}
