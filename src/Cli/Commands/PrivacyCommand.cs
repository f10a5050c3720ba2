using System.CommandLine;
using System.Globalization;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Mechanisms;

namespace OrleansFed.Cli.Commands;

/// <summary>
/// The <c>orleansfed privacy</c> commands: <c>dp-sgd</c> prints the (ε, δ) of a DP-SGD run from the RDP accountant,
/// <c>dp-central</c> the ε a <c>dp-central</c> campaign's ledger will show after R rounds (the silo's own round cost,
/// so the figure is the one its budget check uses), <c>gaussian</c> the σ of an (ε, δ) Gaussian mechanism. The
/// computations live in OrleansFed.Privacy and OrleansFed.Grains.
/// </summary>
internal static class PrivacyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var privacy = new Command("privacy", "Privacy accounting and calibration calculators.");
        privacy.Subcommands.Add(DpSgd());
        privacy.Subcommands.Add(DpCentral());
        privacy.Subcommands.Add(Gaussian());
        return privacy;
    }

    private static Command DpSgd()
    {
        var datasetSize = new Option<long>("--dataset-size") { Description = "n, the number of training examples", Required = true, HelpName = "N" };
        var batchSize = new Option<long>("--batch-size") { Description = "b, the (expected) batch size; q = b/n", Required = true, HelpName = "B" };
        var noise = new Option<double>("--noise-multiplier") { Description = "σ, noise standard deviation / clipping norm", Required = true, HelpName = "SIGMA" };
        var epochs = new Option<double>("--epochs") { Description = "Epochs; steps = ⌈epochs·n/b⌉", Required = true, HelpName = "E" };
        var delta = new Option<double>("--delta") { Description = "δ", Required = true, HelpName = "DELTA" };
        var classic = new Option<bool>("--classic") { Description = "Use the classic RDP conversion ε = rdp − ln δ/(α−1) instead of the improved one" };
        var command = new Command("dp-sgd", "ε of DP-SGD (Poisson-subsampled Gaussian) by the RDP accountant over TF Privacy's default orders.")
        {
            datasetSize, batchSize, noise, epochs, delta, classic,
        };
        command.SetAction(parse =>
        {
            try
            {
                var step = SubsampledGaussianEvent.ForEpochs(parse.GetValue(datasetSize), parse.GetValue(batchSize), parse.GetValue(noise), parse.GetValue(epochs));
                var conversion = parse.GetValue(classic) ? RdpConversion.Classic : RdpConversion.Improved;
                var guarantee = new RdpAccountant(conversion: conversion).GetGuarantee(PrivacyLedger.Empty.Append(step), parse.GetValue(delta));
                Console.WriteLine(Invariant($"epsilon {guarantee.Epsilon:R}"));
                Console.WriteLine(Invariant($"best-order {guarantee.Order:R}"));
                Console.WriteLine(Invariant($"delta {guarantee.Delta:R}"));
                Console.WriteLine(Invariant($"sampling-rate {step.SamplingRate:R}"));
                Console.WriteLine(Invariant($"steps {step.Steps}"));
                Console.WriteLine($"conversion {(conversion == RdpConversion.Classic ? "classic" : "improved")}");
                return 0;
            }
            catch (ArgumentException ex)
            {
                return Fail(ex);
            }
        });
        return command;
    }

    private static Command DpCentral()
    {
        var enrolled = new Option<int>("--participants") { Description = "N, participants enrolled in the campaign", Required = true, HelpName = "N" };
        var fraction = new Option<double?>("--sample-fraction") { Description = "The campaign's sampleFraction (q under Poisson sampling); default: everyone every round", HelpName = "Q" };
        var noise = new Option<double>("--noise-multiplier") { Description = "z: noise standard deviation over the clipping norm", Required = true, HelpName = "Z" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds to account", Required = true, HelpName = "R" };
        var delta = new Option<double>("--delta") { Description = "δ", DefaultValueFactory = _ => 1e-5, HelpName = "DELTA" };
        var model = new Option<string>("--model") { Description = "The campaign's model (its size enters the grid correction of z)", DefaultValueFactory = _ => "mlp", HelpName = "MODEL" };
        var sampling = new Option<string>("--sampling") { Description = "poisson (dp-central's default) or fixed", DefaultValueFactory = _ => "poisson", HelpName = "poisson|fixed" };
        sampling.AcceptOnlyFromAmong("poisson", "fixed");
        var minimum = new Option<int>("--min-participants") { Description = "The campaign's minParticipants (raises a fixed sample)", DefaultValueFactory = _ => 2, HelpName = "M" };
        var adaptive = new Option<bool>("--adaptive-clipping") { Description = "Adaptive clipping with its default count noise (sampled/20)" };
        var budget = new Option<double?>("--budget") { Description = "A privacyBudget ε: also print how many of the R rounds it lets the campaign run", HelpName = "EPSILON" };
        var command = new Command("dp-central", "ε of a dp-central campaign after R rounds, as its ledger will charge them (RDP accountant).")
        {
            enrolled, fraction, noise, rounds, delta, model, sampling, minimum, adaptive, budget,
        };
        command.SetAction(parse =>
        {
            try
            {
                var n = parse.GetValue(enrolled);
                var r = parse.GetValue(rounds);
                if (n < 1 || r < 1)
                {
                    throw new ArgumentException("--participants and --rounds must be at least 1.");
                }

                var spec = Invariant($"dp-central:sigma={parse.GetValue(noise):R},delta={parse.GetValue(delta):R},sampling={parse.GetValue(sampling)}")
                    + (parse.GetValue(adaptive) ? ",adaptive=true" : string.Empty);
                if (!Grains.DifferentialPrivacy.PrivacyModeSpec.TryParse(spec, out var parsed, out var problem))
                {
                    throw new ArgumentException(problem);
                }

                if (parse.GetValue(fraction) is { } q && !(q > 0 && q <= 1))
                {
                    throw new ArgumentException(Invariant($"--sample-fraction must be in (0, 1]; got {q}."));
                }

                var config = new Interfaces.Api.CampaignConfig
                {
                    Model = parse.GetValue(model)!, Rounds = r, Privacy = parsed!.ToString(),
                    SampleFraction = parse.GetValue(fraction), MinParticipants = parse.GetValue(minimum),
                };
                var d = new Grains.Campaigns.LearningModelFactory().Create(config.Model, 0).Length;
                var sampled = Grains.Sampling.RoundSampler.SampleSize(config, n);
                var step = new Grains.DifferentialPrivacy.PrivacyModeRoundCost().ForRound(config, 1, sampled, n, d)
                    ?? throw new ArgumentException("Nothing is accounted for these settings.");
                var accountant = new RdpAccountant();
                double EpsilonAfter(int count) => accountant.GetGuarantee(new PrivacyLedger([.. Enumerable.Repeat(step, count)]), parse.GetValue(delta)).Epsilon;
                var guarantee = accountant.GetGuarantee(new PrivacyLedger([.. Enumerable.Repeat(step, r)]), parse.GetValue(delta));
                var (rate, multiplier, relation) = step switch
                {
                    SubsampledGaussianEvent e => (e.SamplingRate, e.NoiseMultiplier, "add-or-remove-one"),
                    SampledWithoutReplacementGaussianEvent e => (e.SamplingRate, e.NoiseMultiplier, "zero-out"),
                    _ => throw new InvalidOperationException($"Unexpected round event {step.GetType().Name}."),
                };
                int? affordable = null;
                if (parse.GetValue(budget) is { } b)
                {
                    if (!(b > 0) || !double.IsFinite(b))
                    {
                        throw new ArgumentException(Invariant($"--budget must be positive and finite; got {b}."));
                    }

                    // ε grows with the rounds: the largest count whose ε stays within the budget, as the campaign's
                    // check before each round decides (binary search over 0 … R).
                    int low = 0, high = r;
                    while (low < high)
                    {
                        var mid = low + ((high - low + 1) / 2);
                        (low, high) = EpsilonAfter(mid) <= b ? (mid, high) : (low, mid - 1);
                    }

                    affordable = low;
                }

                Console.WriteLine(Invariant($"epsilon {guarantee.Epsilon:R}"));
                Console.WriteLine(Invariant($"delta {guarantee.Delta:R}"));
                Console.WriteLine(Invariant($"best-order {guarantee.Order:R}"));
                Console.WriteLine(Invariant($"sampling-rate {rate:R}"));
                Console.WriteLine(Invariant($"accounted-noise-multiplier {multiplier:R}"));
                Console.WriteLine($"neighbouring-relation {relation}");
                Console.WriteLine(Invariant($"expected-participants-per-round {Grains.Sampling.RoundSampler.ExpectedSize(config, n):R}"));
                Console.WriteLine(Invariant($"rounds {r}"));
                if (affordable is { } k)
                {
                    Console.WriteLine(Invariant($"rounds-within-budget {k}"));
                }

                Console.WriteLine($"privacy {config.Privacy}");
                return 0;
            }
            catch (ArgumentException ex)
            {
                return Fail(ex);
            }
        });
        return command;
    }

    private static Command Gaussian()
    {
        var epsilon = new Option<double>("--epsilon") { Description = "ε", Required = true, HelpName = "EPSILON" };
        var delta = new Option<double>("--delta") { Description = "δ", Required = true, HelpName = "DELTA" };
        var sensitivity = new Option<double>("--sensitivity") { Description = "Δ, the L2 sensitivity", Required = true, HelpName = "S" };
        var analytic = new Option<bool>("--analytic") { Description = "Balle–Wang analytic calibration (any ε) instead of the classic one (ε < 1)" };
        var command = new Command("gaussian", "σ of the Gaussian mechanism for (ε, δ)-DP at L2 sensitivity Δ.")
        {
            epsilon, delta, sensitivity, analytic,
        };
        command.SetAction(parse =>
        {
            try
            {
                double e = parse.GetValue(epsilon);
                double d = parse.GetValue(delta);
                double s = parse.GetValue(sensitivity);
                double sigma = parse.GetValue(analytic) ? GaussianCalibration.Analytic(e, d, s) : GaussianCalibration.Classic(e, d, s);
                Console.WriteLine(Invariant($"sigma {sigma:R}"));
                return 0;
            }
            catch (ArgumentException ex)
            {
                return Fail(ex);
            }
        });
        return command;
    }

    private static int Fail(ArgumentException ex)
    {
        Console.Error.WriteLine($"error: {ex.Message}");
        return 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
