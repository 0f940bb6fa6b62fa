using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace VivgridEmulator;

/// <summary>A running emulator on 127.0.0.1. Start one per test class (or per test) and dispose it when done.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorServer(WebApplication app, Uri baseUri, EmulatorState state)
    {
        _app = app;
        BaseUri = baseUri;
        State = state;
    }

    /// <summary>The OpenAI-style base address with a trailing slash: http://127.0.0.1:&lt;port&gt;/v1/.</summary>
    public Uri BaseUri { get; }

    public EmulatorState State { get; }

    public static Task<EmulatorServer> StartAsync(EmulatorOptions? options = null) => StartAsync(options ?? new EmulatorOptions(), processMode: false);

    internal static async Task<EmulatorServer> StartAsync(EmulatorOptions options, bool processMode)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        Configure(builder, options, processMode);

        var state = new EmulatorState(() => options.RealDataPath ?? RealDataLocator.Resolve()) { DefaultRateLimit = options.RateLimitPerSecond };
        state.SetRateLimit(options.RateLimitPerSecond);
        WebApplication app = builder.Build();
        var recorder = new RequestRecorder(state);
        app.Use((context, next) => recorder.InvokeAsync(context, next));
        MapV1(app, new V1Handler(state, options));
        ControlEndpoints.Map(app, state);
        await app.StartAsync();

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        int port = new Uri(address).Port;
        return new EmulatorServer(app, new Uri($"http://127.0.0.1:{port}/v1/"), state);
    }

    /// <summary>Completes when the host is asked to stop (SIGTERM / Ctrl+C in process mode).</summary>
    internal Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Configure(WebApplicationBuilder builder, EmulatorOptions options, bool processMode)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // attachments can be large; the client decides what to send
        });

        // Warnings and errors only, and to stderr: stdout's first line is the URL contract with build.ps1.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        if (processMode)
        {
            builder.Services.Configure<ConsoleLifetimeOptions>(console => console.SuppressStatusMessages = true);
        }
        else
        {
            builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        }
    }

    private static void MapV1(WebApplication app, V1Handler handler)
    {
        app.MapPost("/v1/chat/completions", handler.ChatAsync);
        app.MapPost("/v1/responses", handler.ResponsesAsync);
        app.MapGet("/v1/models", handler.ModelsAsync);
        app.MapFallback("/v1/{**rest}", (HttpContext context) =>
            OpenAiError.WriteAsync(context, 404, $"Invalid URL ({context.Request.Method} {context.Request.Path})", "invalid_request_error", null));
    }
}
