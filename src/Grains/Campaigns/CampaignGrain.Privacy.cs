using System.Globalization;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.Sampling;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.Campaigns;

/// <summary>
/// Privacy accounting of the campaign. Before a round attempt opens, the campaign asks its ledger what ε the round's
/// planned mechanism event would bring it to and, over budget, ends as <see cref="CampaignState.Completed"/> with a
/// "Privacy budget exhausted" message instead of opening it. When a round commits, its event is recorded in the ledger
/// under the id <c>round-N</c> (idempotent, so a re-close after a crash charges once). ε comes from src/Privacy's
/// accountants through the ledger grain; nothing here computes a DP bound.
/// </summary>
public sealed partial class CampaignGrain
{
    /// <summary>Prefix of the campaign's final message when the budget ends it.</summary>
    public const string BudgetExhaustedMessage = "Privacy budget exhausted";

    private IPrivacyLedgerGrain Ledger() => GrainFactory.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger(Id));

    /// <summary>The planned event of a round and, when it would exceed the budget, why the round is refused.</summary>
    private async Task<(string? Refusal, PrivacyEvent? Event)> CheckBudgetAsync(int round, int enrolled)
    {
        var config = Config;
        var planned = privacyCost.ForRound(config, round, RoundSampler.SampleSize(config, enrolled), enrolled);
        if (planned is null || config.PrivacyBudget is not { } budget)
        {
            return (null, planned);
        }

        var ledger = Ledger();
        var projected = await ledger.ProjectEpsilonAsync(planned, budget.Accountant, budget.Delta);
        if (projected <= budget.Epsilon)
        {
            return (null, planned);
        }

        var spent = await ledger.GetEpsilonAsync(budget.Accountant, budget.Delta);
        return (string.Create(CultureInfo.InvariantCulture,
            $"{BudgetExhaustedMessage}: round {round} would raise ε from {spent:0.####} to {projected:0.####}, over the " +
            $"budget ε = {budget.Epsilon} at δ = {budget.Delta}; stopped after {round - 1} of {config.Rounds} rounds."), planned);
    }

    /// <summary>Records the committed round's pending event; returns the campaign's ε afterwards (with a budget).</summary>
    private async Task<double?> ChargeRoundAsync(int round)
    {
        if (S.PendingPrivacyEvent is not { } pending)
        {
            return null;
        }

        var ledger = Ledger();
        await ledger.RecordAsync(string.Create(CultureInfo.InvariantCulture, $"round-{round}"), pending);
        return Config.PrivacyBudget is { } budget ? await ledger.GetEpsilonAsync(budget.Accountant, budget.Delta) : null;
    }

    /// <summary>Ends the campaign because the next round would exceed the budget (the caller writes the state).</summary>
    private void EndForBudget(string message)
    {
        S.State = CampaignState.Completed;
        S.AttemptOpen = false;
        S.Selected = [];
        S.PendingPrivacyEvent = null;
        S.Message = message;
    }
}
