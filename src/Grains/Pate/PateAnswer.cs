using System.Collections.Immutable;
using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.Pate;

/// <summary>The outcome of one aggregation.</summary>
/// <param name="Label">The released class, or <see langword="null"/> when the mechanism declined to answer.</param>
/// <param name="Events">The privacy events the release incurred (for the campaign's and each voter's ledger).</param>
public sealed record PateAnswer(int? Label, ImmutableArray<PrivacyEvent> Events);
