using System.Collections.Immutable;
using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.Pate;

/// <summary>
/// The PATE query/answer coordinator of one campaign (key: <see cref="PateKeys.Coordinator"/>). It holds the query plan,
/// opens one vote tally per batch, answers batches in order with the configured mechanism, records every mechanism
/// event in the campaign's and each voting teacher's privacy ledger (durable), and stops at the (ε, δ) budget.
/// </summary>
public interface IPateCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Configures the campaign; repeating with an equal spec does nothing.</summary>
    /// <param name="spec">Plan, teachers, mechanism, budget.</param>
    /// <returns>The status.</returns>
    /// <exception cref="Errors.InvalidRequestException">The spec is invalid, or differs from the stored one.</exception>
    Task<PateStatus> ConfigureAsync(PateCampaignSpec spec);

    /// <summary>
    /// Returns the batch open for votes, opening the next one if none is (batches are answered strictly in order).
    /// </summary>
    /// <returns>The batch, or <see langword="null"/> when every query of the plan was processed.</returns>
    /// <exception cref="PateBudgetExhaustedException">The budget is spent.</exception>
    Task<PateBatch?> OpenNextBatchAsync();

    /// <summary>
    /// Closes the open batch's tally and answers its queries in order, charging each answer to the ledgers first;
    /// the first query that would exceed the budget and every later one are refused. Repeating for an answered batch
    /// returns the recorded result without drawing noise again.
    /// </summary>
    /// <param name="batch">The batch number.</param>
    /// <returns>The batch's result.</returns>
    /// <exception cref="Errors.InvalidRequestException">The batch was never opened.</exception>
    Task<PateBatchResult> AnswerBatchAsync(int batch);

    /// <summary>The campaign's status.</summary>
    /// <returns>The status.</returns>
    Task<PateStatus> GetStatusAsync();

    /// <summary>The released labels, in plan order.</summary>
    /// <returns>The labeled queries.</returns>
    Task<ImmutableArray<LabeledQuery>> GetLabelsAsync();

    /// <summary>The campaign ledger's spent privacy.</summary>
    /// <returns>The spent privacy.</returns>
    Task<PrivacySpent> GetCampaignPrivacyAsync();

    /// <summary>One teacher's ledger: the events of the answers its votes entered.</summary>
    /// <param name="teacherId">The teacher.</param>
    /// <returns>The spent privacy.</returns>
    /// <exception cref="Errors.InvalidRequestException">Unknown teacher.</exception>
    Task<PrivacySpent> GetTeacherPrivacyAsync(string teacherId);
}
