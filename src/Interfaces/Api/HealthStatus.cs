namespace OrleansFed.Interfaces.Api;

/// <summary>Body of <c>GET /healthz</c>.</summary>
/// <param name="Status">Always <c>"ok"</c> when the silo answers.</param>
public sealed record HealthStatus(string Status);
