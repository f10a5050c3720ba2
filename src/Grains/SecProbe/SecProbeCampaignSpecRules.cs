using System.Globalization;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.SecProbe;

namespace OrleansFed.Grains.SecProbe;

/// <summary>The rules a <see cref="SecProbeCampaignSpec"/> must follow; every violated rule is reported in one error.</summary>
public static class SecProbeCampaignSpecRules
{
    /// <summary>Largest number of rounds a campaign may run.</summary>
    public const int MaxRounds = 10_000;

    /// <summary>Largest M.</summary>
    public const int MaxAccept = 10_000;

    /// <summary>Largest number of hidden units.</summary>
    public const int MaxHidden = 1_024;

    /// <summary>Throws when <paramref name="spec"/> breaks a rule (the validation set's existence is checked by the silo's catalog).</summary>
    /// <param name="spec">The spec.</param>
    /// <exception cref="InvalidRequestException">One or more rules are broken; the message lists them all.</exception>
    public static void Validate(SecProbeCampaignSpec spec)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(spec.ValidationSet))
        {
            errors.Add("validationSet is required (a name configured under Silo:SecProbeValidationSets)");
        }

        Range(errors, "rounds", spec.Rounds, 1, MaxRounds);
        Range(errors, "accept (M)", spec.Accept, 1, MaxAccept);
        Range(errors, "select (K)", spec.Select, 1, Math.Max(1, spec.Accept));
        Positive(errors, "participantEpsilon (ε₂)", spec.ParticipantEpsilon);
        Positive(errors, "selectionEpsilon (ε₁)", spec.SelectionEpsilon);
        Positive(errors, "utilitySensitivity (Δu)", spec.UtilitySensitivity);
        if (spec.SelectionMechanism is not (SecProbeCampaignSpec.SequentialSelection or SecProbeCampaignSpec.JointSelection))
        {
            errors.Add($"selectionMechanism must be '{SecProbeCampaignSpec.SequentialSelection}' or '{SecProbeCampaignSpec.JointSelection}' (got '{spec.SelectionMechanism}')");
        }

        if (spec.CoefficientRelease is not (SecProbeCampaignSpec.PerClassRelease or SecProbeCampaignSpec.ClassSumsRelease))
        {
            errors.Add($"coefficientRelease must be '{SecProbeCampaignSpec.PerClassRelease}' or '{SecProbeCampaignSpec.ClassSumsRelease}' (got '{spec.CoefficientRelease}')");
        }

        Range(errors, "hidden", spec.Hidden, 1, MaxHidden);
        Range(errors, "pretrainEpochs", spec.PretrainEpochs, 0, 1_000);
        Range(errors, "iterations (I)", spec.Iterations, 1, 10_000);
        Range(errors, "claimTimeoutSeconds", spec.ClaimTimeoutSeconds, 1, 86_400);
        if (spec.ParticipantEpsilonBudget is { } cap && !(double.IsFinite(cap) && cap >= spec.ParticipantEpsilon))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"participantEpsilonBudget must be finite and at least participantEpsilon, so one upload fits (got {cap})"));
        }
        if (!(spec.LearningRate > 0 && spec.LearningRate <= 10))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"learningRate (ρ) must be in (0, 10] (got {spec.LearningRate})"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidRequestException("Invalid SecProbe campaign: " + string.Join("; ", errors) + ".");
        }
    }

    private static void Range(List<string> errors, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max} (got {value})"));
        }
    }

    private static void Positive(List<string> errors, string name, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be positive and finite (got {value})"));
        }
    }
}
