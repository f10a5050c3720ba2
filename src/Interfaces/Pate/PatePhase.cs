namespace OrleansFed.Interfaces.Pate;

/// <summary>Where a PATE campaign stands.</summary>
public enum PatePhase
{
    /// <summary>Not configured yet.</summary>
    NotConfigured = 0,

    /// <summary>Queries remain and the budget allows more answers.</summary>
    Running = 1,

    /// <summary>Every query of the plan was processed.</summary>
    Completed = 2,

    /// <summary>The next answer would have exceeded the (ε, δ) budget: further queries are refused.</summary>
    BudgetExhausted = 3,
}
