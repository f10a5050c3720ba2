namespace OrleansFed.Interfaces.Api;

/// <summary>A campaign's total differential-privacy budget: no round starts whose accounted ε would exceed it.</summary>
public sealed record PrivacyBudgetConfig
{
    /// <summary>Default <see cref="Accountant"/>.</summary>
    public const string DefaultAccountant = "rdp";

    /// <summary>Total ε allowed (positive, finite).</summary>
    public double Epsilon { get; init; }

    /// <summary>The δ at which ε is measured, in (0, 1).</summary>
    public double Delta { get; init; }

    /// <summary>Accountant turning the ledger into ε: <c>"rdp"</c> (default, Rényi DP) or <c>"composition"</c>
    /// (basic/advanced composition of pure and approximate DP events).</summary>
    public string Accountant { get; init; } = DefaultAccountant;
}
