namespace OrleansFed.Privacy.Accounting;

/// <summary>Turns a <see cref="PrivacyLedger"/> into an (ε, δ) differential-privacy guarantee.</summary>
public interface IPrivacyAccountant
{
    /// <summary>The smallest ε this accountant can prove for the ledger at failure probability <paramref name="delta"/>.</summary>
    /// <param name="ledger">The history of mechanism events.</param>
    /// <param name="delta">The target δ in (0, 1).</param>
    /// <returns>The guarantee; ε is +∞ when δ cannot be met.</returns>
    /// <exception cref="NotSupportedException">The ledger holds an event this accountant cannot analyse.</exception>
    PrivacyGuarantee GetGuarantee(PrivacyLedger ledger, double delta);
}
