namespace OrleansFed.Interfaces.Api;

/// <summary>
/// The privacy modes a campaign can run in (<see cref="CampaignConfig.Privacy"/>). A mode spec is its name, optionally
/// followed by <c>:key=value,key=value</c> settings the mode documents (e.g. <c>dp-sgd:sigma=1.1,clip=1</c>).
/// </summary>
public static class PrivacyModes
{
    /// <summary>Plain updates (the default).</summary>
    public const string None = "none";

    /// <summary>SecAgg+ masked updates; the silo reconstructs only the sum.</summary>
    public const string SecAgg = "secagg";

    /// <summary>Paillier-encrypted updates; a designated participant holds the private key.</summary>
    public const string Paillier = "paillier";

    /// <summary>Client-level DP-FedAvg: clipped updates, Gaussian noise on the sum at the silo.</summary>
    public const string DpCentral = "dp-central";

    /// <summary>Record-level DP: participants train with DP-SGD.</summary>
    public const string DpSgd = "dp-sgd";

    /// <summary>Discrete Gaussian noise shares added by participants under SecAgg.</summary>
    public const string DpDistributed = "dp-distributed";

    /// <summary>Every mode name, implemented or not, for error messages.</summary>
    public static IReadOnlyList<string> Names { get; } = [None, SecAgg, Paillier, DpCentral, DpSgd, DpDistributed];

    /// <summary>Modes this build implements end to end; a campaign asking for another is rejected with a 400.</summary>
    public static IReadOnlyList<string> Implemented { get; } = [None, SecAgg, Paillier, DpCentral, DpSgd, DpDistributed];

    /// <summary>Whether <paramref name="spec"/>'s updates travel through secure aggregation (<c>secagg</c>, and
    /// <c>dp-distributed</c>, which runs the same four steps on noised vectors).</summary>
    /// <param name="spec">A mode spec.</param>
    /// <returns><see langword="true"/> when the silo only ever receives masked vectors.</returns>
    public static bool UsesSecureAggregation(string? spec) => NameOf(spec) is SecAgg or DpDistributed;

    /// <summary>The mode name of <paramref name="spec"/> (lower case, settings stripped); <c>none</c> for null or empty.</summary>
    /// <param name="spec">A mode spec such as <c>dp-sgd:sigma=1.1</c>.</param>
    /// <returns>The name.</returns>
    public static string NameOf(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return None;
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? spec : spec[..colon]).Trim().ToLowerInvariant();
    }
}
