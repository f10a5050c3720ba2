namespace OrleansFed.Client.Tests;

internal static class TestClients
{
    /// <summary>An SDK over <paramref name="handler"/> with near-zero retry delays (the policy, not the clock, is under test).</summary>
    public static OrleansFedClient Over(StubHandler handler, int maxRetries = 3, string? adminToken = null)
    {
        var http = new HttpClient(handler) { BaseAddress = new Uri("http://silo.test/") };
        return new OrleansFedClient(http, new OrleansFedClientOptions
        {
            MaxRetryAttempts = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(5),
            AdminToken = adminToken,
        });
    }
}
