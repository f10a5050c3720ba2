namespace OrleansFed.Privacy.Accounting;

/// <summary>Thrown when an operation would take a ledger beyond its privacy budget; nothing was recorded.</summary>
public sealed class PrivacyBudgetExceededException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="budgetEpsilon">The ε allowed.</param>
    /// <param name="wouldSpendEpsilon">The ε the operation would have reached.</param>
    /// <param name="delta">The δ at which ε is measured.</param>
    public PrivacyBudgetExceededException(double budgetEpsilon, double wouldSpendEpsilon, double delta)
        : base($"The operation would spend ε = {wouldSpendEpsilon:G6} at δ = {delta:G3}, beyond the budget ε = {budgetEpsilon:G6}.")
    {
        BudgetEpsilon = budgetEpsilon;
        WouldSpendEpsilon = wouldSpendEpsilon;
        Delta = delta;
    }

    /// <summary>Creates the exception with a message.</summary>
    public PrivacyBudgetExceededException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public PrivacyBudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PrivacyBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The ε allowed.</summary>
    public double BudgetEpsilon { get; }

    /// <summary>The ε the operation would have reached.</summary>
    public double WouldSpendEpsilon { get; }

    /// <summary>The δ at which ε is measured.</summary>
    public double Delta { get; }
}
