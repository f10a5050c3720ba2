using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Grains;

namespace OrleansFed.Grains.Aggregation;

/// <summary>
/// The part FedAdam and FedYogi share (Reddi et al. 2021, Algorithm 2): the pseudo-gradient Δ = avg(wₖ) − x, the first
/// moment m ← β₁m + (1 − β₁)Δ, and the step x ← x + η·m / (√v + τ). Each rule supplies its second-moment update.
/// Moments start at zero; no bias correction (as in the paper's algorithm).
/// </summary>
internal static class AdaptiveServerStep
{
    public delegate double SecondMoment(double v, double delta, double beta2);

    public static AggregationResult Run(AggregationContext context, string rule, SecondMoment secondMoment)
    {
        ArgumentNullException.ThrowIfNull(context);
        var length = context.CurrentGlobal.Length;
        var total = UpdateMath.Validate(context.Results, length, 1, rule);
        var spec = context.Spec;
        var state = context.ServerState;
        if (state is not null && (state.FirstMoment.Length != length || state.SecondMoment.Length != length))
        {
            throw new ArgumentException("The server optimizer state does not match the model's length.", nameof(context));
        }

        var mean = new float[length];
        var loss = UpdateMath.WeightedMean(context.Results, total, mean);
        var global = context.CurrentGlobal.Span;
        var m0 = state is null ? default : state.FirstMoment.Span;
        var v0 = state is null ? default : state.SecondMoment.Span;
        var m = new float[length];
        var v = new float[length];
        var next = new float[length];
        for (var i = 0; i < length; i++)
        {
            double delta = mean[i] - global[i];
            var mi = (spec.Beta1 * (state is null ? 0 : m0[i])) + ((1 - spec.Beta1) * delta);
            var vi = secondMoment(state is null ? 0 : v0[i], delta, spec.Beta2);
            m[i] = (float)mi;
            v[i] = (float)vi;
            next[i] = (float)(global[i] + (spec.Eta * mi / (Math.Sqrt(vi) + spec.Tau)));
        }

        return new AggregationResult(next, context.Results.Count, total, loss)
        {
            ServerState = new ServerOptimizerState((state?.Step ?? 0) + 1, m, v),
        };
    }
}
