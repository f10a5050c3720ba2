namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// Accounts <see cref="PureDpEvent"/>s and <see cref="ApproximateDpEvent"/>s by composition theorems: basic composition,
/// or advanced composition when every event is the same mechanism and the δ budget leaves room for δ′.
/// </summary>
public sealed class CompositionAccountant : IPrivacyAccountant
{
    /// <inheritdoc />
    public PrivacyGuarantee GetGuarantee(PrivacyLedger ledger, double delta)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        if (!(delta >= 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), "δ must lie in [0, 1).");
        }

        var items = new List<(double Epsilon, double Delta, long Count)>();
        foreach (var e in ledger.Events)
        {
            items.Add(e switch
            {
                PureDpEvent p => (p.Epsilon, 0.0, p.Count),
                ApproximateDpEvent a => (a.Epsilon, a.Delta, a.Count),
                _ => throw new NotSupportedException(
                    $"The composition accountant analyses pure and approximate DP events only, not {e.GetType().Name}."),
            });
        }

        var basic = CompositionTheorems.Basic(items.Select(i => (i.Epsilon * i.Count, i.Delta * i.Count)));
        var best = basic.Delta <= delta
            ? basic with { Delta = delta }
            : new PrivacyGuarantee(double.PositiveInfinity, delta);

        if (items.Count > 0 && items.All(i => i.Epsilon == items[0].Epsilon && i.Delta == items[0].Delta))
        {
            long k = items.Sum(i => i.Count);
            double slack = delta - k * items[0].Delta;
            if (slack > 0)
            {
                var advanced = CompositionTheorems.Advanced(items[0].Epsilon, items[0].Delta, k, slack);
                if (advanced.Epsilon < best.Epsilon)
                {
                    best = advanced with { Delta = delta };
                }
            }
        }

        return best;
    }
}
