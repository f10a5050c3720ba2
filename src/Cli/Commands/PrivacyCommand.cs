using System.CommandLine;
using System.Globalization;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Mechanisms;

namespace OrleansFed.Cli.Commands;

/// <summary>
/// The <c>orleansfed privacy</c> commands: <c>dp-sgd</c> prints the (ε, δ) of a DP-SGD run from the RDP accountant,
/// <c>gaussian</c> the σ of an (ε, δ) Gaussian mechanism. The computations live in OrleansFed.Privacy.
/// </summary>
internal static class PrivacyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var privacy = new Command("privacy", "Privacy accounting and calibration calculators.");
        privacy.Subcommands.Add(DpSgd());
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
