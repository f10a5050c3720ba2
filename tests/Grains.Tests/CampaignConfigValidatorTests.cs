using OrleansFed.Grains.Campaigns;
using OrleansFed.Grains.Strategies;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using Xunit;

namespace OrleansFed.Grains.Tests;

public sealed class CampaignConfigValidatorTests
{
    private readonly CampaignConfigValidator _validator = new(new AggregationStrategies([new FedAvgStrategy()]), new LearningModelFactory());

    [Fact]
    public void Defaults_are_filled_in_and_names_lower_cased()
    {
        var config = _validator.Normalize(new CampaignConfig { Id = "mnist-1", Protocol = "FedAvg", Model = "MLP", Rounds = 5 });

        Assert.Equal("fedavg", config.Protocol);
        Assert.Equal("mlp", config.Model);
        Assert.Equal(2, config.MinParticipants);
        Assert.Equal(2, config.MinEnrolled);
        Assert.Null(config.ParticipantsPerRound);
        Assert.Equal(120, config.RoundTimeoutSeconds);
        Assert.Equal(1, config.LocalEpochs);
        Assert.Equal(64, config.BatchSize);
        Assert.Equal(0.1f, config.LearningRate);
        Assert.Equal(3, config.MaxRetriesPerRound);
    }

    [Theory]
    [InlineData("Upper", "id must match")]
    [InlineData("has space", "id must match")]
    [InlineData("", "id must match")]
    public void Bad_ids_are_rejected(string id, string expected)
    {
        var ex = Assert.Throws<InvalidRequestException>(() => _validator.Normalize(new CampaignConfig { Id = id, Model = "mlp", Rounds = 1 }));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_range_rule_is_enforced()
    {
        var bad = new CampaignConfig
        {
            Id = "x",
            Protocol = "secagg",
            Model = "mlp",
            Rounds = 1,
            MinParticipants = 0,
            MinEnrolled = -1,
            RoundTimeoutSeconds = 0,
            LocalEpochs = 0,
            BatchSize = 0,
            LearningRate = float.NaN,
            MaxRetriesPerRound = -1,
        };

        var message = Assert.Throws<InvalidRequestException>(() => _validator.Normalize(bad)).Message;

        foreach (var field in new[] { "protocol", "minParticipants", "minEnrolled", "roundTimeoutSeconds", "localEpochs", "batchSize", "learningRate", "maxRetriesPerRound" })
        {
            Assert.Contains(field + " must", message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("   ", 1)]
    [InlineData("ok", 0)]
    [InlineData("tab\tname", 1)]
    public void Bad_enrollments_are_rejected(string name, long samples)
    {
        Assert.Throws<InvalidRequestException>(() => CampaignConfigValidator.ValidateEnrollment(new EnrollRequest { Name = name, SampleCount = samples }));
    }
}
