using System.Globalization;
using System.Text;
using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.Ledger;
using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;

namespace OrleansFed.Grains.Campaigns;

/// <summary>Validates a <see cref="CampaignConfig"/> and fills in derived defaults.</summary>
public sealed class CampaignConfigValidator
{
    /// <summary>Most rounds a campaign may run.</summary>
    public const int MaxRounds = 100_000;

    /// <summary>Longest round timeout: one day.</summary>
    public const int MaxRoundTimeoutSeconds = 86_400;

    private readonly AggregationStrategies _strategies;
    private readonly IInitialModelFactory _models;

    /// <summary>Creates the validator.</summary>
    /// <param name="strategies">Registered aggregation strategies (valid protocol names).</param>
    /// <param name="models">Known models.</param>
    public CampaignConfigValidator(AggregationStrategies strategies, IInitialModelFactory models)
    {
        _strategies = strategies;
        _models = models;
    }

    /// <summary>Validates <paramref name="config"/>; returns it with <see cref="CampaignConfig.MinEnrolled"/> filled in and
    /// <see cref="CampaignConfig.Protocol"/> and <see cref="CampaignConfig.Model"/> lower-cased.</summary>
    /// <param name="config">The configuration; its id must be set.</param>
    /// <returns>The normalized configuration.</returns>
    /// <exception cref="InvalidRequestException">Lists every violated rule.</exception>
    public CampaignConfig Normalize(CampaignConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(GrainKeys.IsCampaignId(config.Id), "id must match [a-z0-9-]{1,64}.");
        var protocol = (config.Protocol ?? string.Empty).ToLowerInvariant();

        // Aggregation rules are strategies too, but they are chosen with "aggregator", not "protocol".
        var protocols = _strategies.Names.Where(n => n == AggregatorSpec.FedAvg || !AggregatorSpec.RuleNames.Contains(n)).Order(StringComparer.Ordinal).ToList();
        Check(protocols.Contains(protocol), $"protocol must be one of: {string.Join(", ", protocols)}.");
        var aggregator = AggregatorSpec.Default;
        if (!AggregatorSpec.TryParse(config.Aggregator, out var parsed, out var aggregatorError))
        {
            errors.Add($"aggregator must be a valid spec: {aggregatorError}");
        }
        else
        {
            aggregator = parsed;
            Check(_strategies.TryGet(aggregator.Rule, out _), $"aggregator must name a registered rule; '{aggregator.Rule}' is not registered.");
            Check(config.MinParticipants >= aggregator.MinimumUpdates, string.Create(CultureInfo.InvariantCulture,
                $"minParticipants must be at least {aggregator.MinimumUpdates} for aggregator '{aggregator}' (Multi-Krum needs n > 2f + 2 and n ≥ m + f)."));
        }

        Check(config.SampleFraction is null || (double.IsFinite(config.SampleFraction.Value) && config.SampleFraction > 0 && config.SampleFraction <= 1),
            "sampleFraction must be in (0, 1].");
        if (config.PrivacyBudget is { } budget)
        {
            Check(double.IsFinite(budget.Epsilon) && budget.Epsilon > 0, "privacyBudget.epsilon must be a positive finite number.");
            Check(budget.Delta is > 0 and < 1, "privacyBudget.delta must be in (0, 1).");
            Check(PrivacyAccountants.IsKnown(budget.Accountant), $"privacyBudget.accountant must be one of: {string.Join(", ", PrivacyAccountants.Names)}.");
        }

        var privacy = PrivacyModes.NameOf(config.Privacy);
        if (!PrivacyModes.Implemented.Contains(privacy))
        {
            errors.Add(PrivacyModes.Names.Contains(privacy)
                ? $"privacy mode '{privacy}' is not available in this build; available: {string.Join(", ", PrivacyModes.Implemented)}."
                : $"privacy must be one of: {string.Join(", ", PrivacyModes.Names)}; got '{privacy}'.");
        }

        if (privacy == PrivacyModes.Paillier)
        {
            errors.AddRange(Paillier.PaillierConfigRules.Errors(config));
        }

        var privacySpec = PrivacyModes.Implemented.Contains(privacy)
            ? DifferentialPrivacy.DpModeValidation.Canonical(config, aggregator, () => ParameterCount(config), errors)
            : config.Privacy;
        if (privacy == PrivacyModes.SecAgg)
        {
            privacySpec = SecAgg.SecAggConfigRules.Validate(config, aggregator, errors);
        }

        var model = (config.Model ?? string.Empty).ToLowerInvariant();
        Check(model.Length > 0 && _models.IsKnown(model), "model must be one of: mlp, logreg, cnn.");
        Check(config.Rounds is >= 1 and <= MaxRounds, $"rounds must be between 1 and {MaxRounds}.");
        Check(config.MinParticipants >= 1, "minParticipants must be at least 1.");
        Check(config.ParticipantsPerRound is null || config.ParticipantsPerRound >= config.MinParticipants,
            "participantsPerRound must be at least minParticipants.");
        var minEnrolled = config.MinEnrolled ?? config.MinParticipants;
        Check(minEnrolled >= config.MinParticipants, "minEnrolled must be at least minParticipants.");
        Check(config.RoundTimeoutSeconds is >= 1 and <= MaxRoundTimeoutSeconds,
            $"roundTimeoutSeconds must be between 1 and {MaxRoundTimeoutSeconds}.");
        Check(config.LocalEpochs is >= 1 and <= 1000, "localEpochs must be between 1 and 1000.");
        Check(config.BatchSize is >= 1 and <= 65_536, "batchSize must be between 1 and 65536.");
        Check(float.IsFinite(config.LearningRate) && config.LearningRate > 0, "learningRate must be a positive finite number.");
        Check(config.MaxRetriesPerRound is >= 0 and <= 100, "maxRetriesPerRound must be between 0 and 100.");

        if (errors.Count > 0)
        {
            var text = new StringBuilder("Invalid campaign configuration: ");
            text.AppendJoin(" ", errors);
            throw new InvalidRequestException(text.ToString());
        }

        var normalizedBudget = config.PrivacyBudget is { } b ? b with { Accountant = (b.Accountant ?? PrivacyBudgetConfig.DefaultAccountant).ToLowerInvariant() } : null;
        return config with
        {
            Protocol = protocol,
            Model = model,
            MinEnrolled = minEnrolled,
            Aggregator = config.Aggregator is null ? null : aggregator.ToString(),
            PrivacyBudget = normalizedBudget,
            Privacy = privacySpec,
        };
    }

    /// <summary>The size of the configuration's model, or <see langword="null"/> for an unknown model.</summary>
    private int? ParameterCount(CampaignConfig config)
    {
        var model = (config.Model ?? string.Empty).ToLowerInvariant();
        return model.Length > 0 && _models.IsKnown(model) ? _models.Create(model, config.Seed).Length : null;
    }

    /// <summary>Validates an enrollment request.</summary>
    /// <param name="request">The request.</param>
    /// <exception cref="InvalidRequestException">The name or sample count is invalid.</exception>
    public static void ValidateEnrollment(EnrollRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 128)
        {
            throw new InvalidRequestException("name must be 1 to 128 characters and not blank.");
        }

        foreach (var c in request.Name)
        {
            if (char.IsControl(c))
            {
                throw new InvalidRequestException("name must not contain control characters.");
            }
        }

        if (request.SampleCount < 1)
        {
            throw new InvalidRequestException(string.Create(
                CultureInfo.InvariantCulture, $"sampleCount must be at least 1 (got {request.SampleCount})."));
        }
    }
}
