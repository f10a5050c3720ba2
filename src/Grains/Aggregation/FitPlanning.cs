using OrleansFed.Grains.Strategies;

namespace OrleansFed.Grains.Aggregation;

/// <summary>The round configuration every rule shares: up to <c>ParticipantsPerRound</c> of the candidates, the
/// campaign's local settings, a per-attempt training seed.</summary>
internal static class FitPlanning
{
    public static FitPlan Plan(FitContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.Config;
        var count = config.ParticipantsPerRound ?? context.Enrolled.Length;
        var selected = ParticipantSampler.Sample(context.Enrolled, count, config.Seed, context.Round, context.Attempt);
        return new FitPlan(
            selected,
            config.LocalEpochs,
            config.BatchSize,
            config.LearningRate,
            ParticipantSampler.TrainingSeed(config.Seed, context.Round, context.Attempt));
    }
}
