using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrleansFed.Grains.Telemetry;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Silo.Telemetry;

/// <summary>
/// Exports the silo's traces and metrics over OTLP when an endpoint is configured. OpenTelemetry.Extensions.Hosting
/// is not available from the package feed, so the SDK's tracer and meter providers are built and disposed here.
/// </summary>
internal sealed class OtlpExportService(IOptions<SiloOptions> options, ILogger<OtlpExportService> logger) : IHostedService, IDisposable
{
    /// <summary>Standard OpenTelemetry variable consulted when <see cref="SiloOptions.OtlpEndpoint"/> is unset.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private TracerProvider? _tracing;
    private MeterProvider? _metrics;

    /// <summary>Whether exporters are running.</summary>
    public bool Exporting => _tracing is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var endpoint = string.IsNullOrWhiteSpace(settings.OtlpEndpoint)
            ? Environment.GetEnvironmentVariable(StandardEndpointVariable)
            : settings.OtlpEndpoint;
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            SiloLog.OtlpDisabled(logger);
            return Task.CompletedTask;
        }

        var uri = new Uri(endpoint, UriKind.Absolute);
        var protocol = settings.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        var resource = ResourceBuilder.CreateDefault().AddService(settings.ServiceName);
        _tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(SiloTelemetry.Name, GrainsTelemetry.Name, "OrleansFed.*", "Microsoft.AspNetCore")
            .AddOtlpExporter(o => Configure(o, uri, protocol, "v1/traces"))
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(SiloTelemetry.Name, GrainsTelemetry.Name, "OrleansFed.*", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddOtlpExporter(o => Configure(o, uri, protocol, "v1/metrics"))
            .Build();
        SiloLog.OtlpEnabled(logger, settings.OtlpProtocol, uri.ToString());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _tracing?.ForceFlush(2000);
        _metrics?.ForceFlush(2000);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tracing?.Dispose();
        _metrics?.Dispose();
    }

    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        exporter.Protocol = protocol;

        // Over HTTP each signal has its own path; gRPC uses the endpoint as given.
        exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath is "/" or ""
            ? new Uri(endpoint, signalPath)
            : endpoint;
    }
}
