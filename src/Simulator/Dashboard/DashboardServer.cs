using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using ViST.Cli;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Dashboard;

/// <summary>
/// `vist run --ui`: the browser dashboard, served by Kestrel on 127.0.0.1 (every interface only with
/// <see cref="DashboardSettings.AnyAddress"/>). "/" and the files beside it are the page (<see cref="DashboardAssets"/>);
/// "/ws" is the WebSocket of live data and requests (<see cref="DashboardHub"/>). It works the same headless (a
/// server reached through an SSH tunnel) and beside the live window.
/// </summary>
public sealed class DashboardServer : IDisposable
{
    const string SocketPath = "/ws";
    const string ContentSecurity = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    readonly WebApplication _app;
    readonly bool _anyAddress;

    /// <summary>Adds the dashboard's sink to the loop and starts serving (call before the loop runs).</summary>
    /// <param name="examples">The example scenes offered (default: those shipped beside the program).</param>
    public DashboardServer(SimulationLoop loop, DashboardSettings settings, DashboardRun run, ExampleScenes? examples = null)
    {
        if (settings.Port is < 0 or > 65535)
            throw new UserInputException($"--ui {settings.Port}: not a TCP port (give 1-65535, or 0 for any free port)");
        _anyAddress = settings.AnyAddress;
        var feed = new DashboardFeed(loop.Info);
        examples ??= ExampleScenes.Shipped;
        Hub = new DashboardHub(feed, new DashboardRequests(loop, feed, examples), run, examples);
        loop.AddSink(feed);

        var address = settings.AnyAddress ? IPAddress.Any : IPAddress.Loopback;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "vist" });
        builder.Services.AddLogging();   // the WebSocket middleware wants a logger factory; with no provider the console stays the run's
        builder.Services.AddSingleton<IHostLifetime, RunOwnedLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(address, settings.Port);
        });
        _app = builder.Build();
        _app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15), KeepAliveTimeout = TimeSpan.FromSeconds(45) });
        _app.Run(Serve);
        try { _app.StartAsync().GetAwaiter().GetResult(); }
        catch (IOException e)
        {
            Hub.DisposeAsync().AsTask().GetAwaiter().GetResult();
            string why = e.InnerException is AddressInUseException
                ? "the port is in use (another vist run or another program?); choose another with --ui PORT, or --ui 0 for any free port"
                : (e.InnerException ?? e).Message;
            throw new UserInputException($"--ui {settings.Port}: cannot serve the dashboard on {address}:{settings.Port}: {why}");
        }
        var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
    }

    public DashboardHub Hub { get; }

    /// <summary>The port actually bound (useful when 0 asked for any free one).</summary>
    public int Port { get; }

    /// <summary>The address to open on this machine.</summary>
    public string Url => $"http://127.0.0.1:{Port}/";

    /// <summary>What `vist run` prints: where to open the dashboard, here and from another machine (Spectre markup).</summary>
    public IEnumerable<string> HowToOpen()
    {
        yield return $"dashboard: [bold]{Url}[/]";
        if (_anyAddress)
            yield return Markup.Escape($"  served on every network interface (no authentication!): http://{Environment.MachineName}:{Port}/");
        else
        {
            yield return Markup.Escape($"  from another machine: ssh -N -L {Port}:127.0.0.1:{Port} {Environment.UserName}@{Environment.MachineName}");
            yield return Markup.Escape($"  there, then open http://localhost:{Port}/");
        }
    }

    async Task Serve(HttpContext ctx)
    {
        var response = ctx.Response;
        if (BrowserGuard.RefuseHost(ctx.Request.Host.Host, _anyAddress) is { } badHost)
        {
            await Plain(response, StatusCodes.Status403Forbidden, badHost);
            return;
        }
        if (ctx.Request.Path == SocketPath)
        {
            if (!ctx.WebSockets.IsWebSocketRequest)
                await Plain(response, StatusCodes.Status400BadRequest, $"{SocketPath} is the dashboard's live data, a WebSocket; open / in a browser");
            else if (BrowserGuard.RefuseOrigin(ctx.Request.Headers.Origin, ctx.Request.Host.Value ?? "") is { } badOrigin)
                await Plain(response, StatusCodes.Status403Forbidden, badOrigin);
            else
            {
                using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
                await Hub.ServeAsync(socket);
            }
            return;
        }
        if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method))
        {
            await Plain(response, StatusCodes.Status405MethodNotAllowed, $"{ctx.Request.Method}: the dashboard's files are only read (GET)");
            return;
        }
        if (DashboardAssets.Find(ctx.Request.Path.Value ?? "/") is not { } asset)
        {
            await Plain(response, StatusCodes.Status404NotFound, $"{ctx.Request.Path}: no such file in the dashboard (open /)");
            return;
        }
        response.Headers.ContentSecurityPolicy = ContentSecurity;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        // always asked again, answered "unchanged" while it is: a new vist serves its own page, never a cached old one
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        if (ctx.Request.Headers.IfNoneMatch == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Bytes.Length;
        if (HttpMethods.IsGet(ctx.Request.Method)) await response.Body.WriteAsync(asset.Bytes);
    }

    static Task Plain(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(text + "\n");
    }

    public void Dispose()
    {
        Hub.DisposeAsync().AsTask().GetAwaiter().GetResult();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        _app.StopAsync(timeout.Token).GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }
}
