using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.Ledger;

/// <summary>The accountants a campaign budget may name, created from src/Privacy (no DP math here).</summary>
internal static class PrivacyAccountants
{
    public const string Rdp = "rdp";
    public const string Composition = "composition";

    public static IReadOnlyList<string> Names { get; } = [Rdp, Composition];

    public static bool IsKnown(string? name) => name is not null && Names.Contains(name.ToLowerInvariant());

    public static IPrivacyAccountant Create(string? name) => (name ?? Rdp).ToLowerInvariant() switch
    {
        Rdp => new RdpAccountant(),
        Composition => new CompositionAccountant(),
        _ => throw new ArgumentException($"Unknown privacy accountant '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>ε of <paramref name="events"/> at <paramref name="delta"/>; an empty history has spent nothing.</summary>
    public static double Epsilon(IReadOnlyList<PrivacyEvent> events, string? accountant, double delta) =>
        events.Count == 0 ? 0 : Create(accountant).GetGuarantee(new PrivacyLedger(events), delta).Epsilon;
}
