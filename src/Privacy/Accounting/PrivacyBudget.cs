namespace OrleansFed.Privacy.Accounting;

/// <summary>An (ε, δ) budget enforced against a ledger: work that would exceed it is refused, never silently run.</summary>
/// <param name="Epsilon">The ε allowed in total.</param>
/// <param name="Delta">The δ at which ε is measured.</param>
public sealed record PrivacyBudget(double Epsilon, double Delta)
{
    /// <summary>The ε allowed in total.</summary>
    public double Epsilon { get; } = Epsilon > 0 ? Epsilon : throw new ArgumentOutOfRangeException(nameof(Epsilon), "Must be positive.");

    /// <summary>The δ at which ε is measured.</summary>
    public double Delta { get; } = Delta is > 0 and < 1 ? Delta : throw new ArgumentOutOfRangeException(nameof(Delta), "Must lie in (0, 1).");

    /// <summary>The ε already spent by <paramref name="ledger"/>.</summary>
    /// <param name="ledger">The history of events.</param>
    /// <param name="accountant">The accountant to use.</param>
    public double Spent(PrivacyLedger ledger, IPrivacyAccountant accountant) =>
        accountant.GetGuarantee(ledger, Delta).Epsilon;

    /// <summary>
    /// Returns <paramref name="ledger"/> with <paramref name="privacyEvent"/> appended if the result stays within budget;
    /// throws <see cref="PrivacyBudgetExceededException"/> (and records nothing) otherwise.
    /// </summary>
    /// <param name="ledger">The history of events.</param>
    /// <param name="privacyEvent">The event about to happen.</param>
    /// <param name="accountant">The accountant to use.</param>
    public PrivacyLedger Charge(PrivacyLedger ledger, PrivacyEvent privacyEvent, IPrivacyAccountant accountant)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(accountant);
        var next = ledger.Append(privacyEvent);
        double spent = accountant.GetGuarantee(next, Delta).Epsilon;
        if (spent > Epsilon)
        {
            throw new PrivacyBudgetExceededException(Epsilon, spent, Delta);
        }

        return next;
    }
}
