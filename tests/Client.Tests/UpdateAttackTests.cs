using OrleansFed.Client.Adversaries;
using OrleansFed.Client.Participant;
using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Client.Tests;

public sealed class UpdateAttackTests
{
    private static readonly float[] Global = [1f, -2f, 0.5f, 0f];
    private static readonly float[] Trained = [1.5f, -3f, 0.5f, 2f]; // update (trained − global) = [0.5, −1, 0, 2]

    [Fact]
    public void Sign_flip_with_scale_1_uploads_the_global_model_minus_the_update()
    {
        var weights = (float[])Trained.Clone();

        new SignFlipAttack().Apply(1, 1, Global, weights);

        Assert.Equal([0.5f, -1f, 0.5f, -2f], weights);
    }

    [Fact]
    public void Sign_flip_with_scale_4_uploads_the_global_model_minus_four_times_the_update()
    {
        var weights = (float[])Trained.Clone();

        new SignFlipAttack(4f).Apply(3, 2, Global, weights);

        Assert.Equal([-1f, 2f, 0.5f, -8f], weights);
    }

    [Fact]
    public void Sign_flip_rejects_an_update_of_another_length_and_a_non_positive_scale()
    {
        Assert.Throws<ArgumentException>(() => new SignFlipAttack().Apply(1, 1, Global, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignFlipAttack(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignFlipAttack(float.PositiveInfinity));
    }

    [Fact]
    public void SplitMix64_from_state_zero_gives_the_reference_sequence()
    {
        ulong state = 0;

        Assert.Equal(0xE220A8397B1DCDAFUL, RandomWeightsAttack.Next(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, RandomWeightsAttack.Next(ref state));
        Assert.Equal(0x06C45D188009454FUL, RandomWeightsAttack.Next(ref state));
    }

    [Fact]
    public void Random_bits_map_onto_minus_one_to_one_exactly()
    {
        Assert.Equal(-1f, RandomWeightsAttack.ToUnitInterval(0UL));
        Assert.Equal(0f, RandomWeightsAttack.ToUnitInterval(1UL << 63));
        Assert.Equal(1f - (1f / (1 << 23)), RandomWeightsAttack.ToUnitInterval(ulong.MaxValue));
        // Only the top 24 bits count.
        Assert.Equal(-1f, RandomWeightsAttack.ToUnitInterval((1UL << 40) - 1));
        Assert.Equal(-1f + (1f / (1 << 23)), RandomWeightsAttack.ToUnitInterval(1UL << 40));
    }

    [Fact]
    public void Random_attack_replaces_every_weight_with_the_seeded_draw_of_that_round_and_attempt()
    {
        var weights = (float[])Trained.Clone();

        new RandomWeightsAttack(seed: 42).Apply(2, 1, Global, weights);

        var state = RandomWeightsAttack.InitialState(42, 2, 1);
        var expected = new float[Trained.Length];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = RandomWeightsAttack.ToUnitInterval(RandomWeightsAttack.Next(ref state));
        }

        Assert.Equal(expected, weights);
        Assert.All(weights, w => Assert.InRange(w, -1f, 1f));
    }

    [Fact]
    public void Random_attack_is_reproducible_and_differs_between_rounds_attempts_and_seeds()
    {
        float[] Draw(long seed, int round, int attempt)
        {
            var w = new float[1000];
            new RandomWeightsAttack(seed).Apply(round, attempt, new float[1000], w);
            return w;
        }

        var first = Draw(7, 1, 1);
        Assert.Equal(first, Draw(7, 1, 1));
        Assert.NotEqual(first, Draw(7, 2, 1));
        Assert.NotEqual(first, Draw(7, 1, 2));
        Assert.NotEqual(first, Draw(8, 1, 1));
        // Uniform on [−1, 1): the mean of 1000 draws is near 0 (σ of the mean ≈ 0.018) and both halves occur.
        Assert.InRange(first.Average(), -0.1, 0.1);
        Assert.Contains(first, w => w < -0.9f);
        Assert.Contains(first, w => w > 0.9f);
    }

    [Theory]
    [InlineData("random", "random")]
    [InlineData(" Random ", "random")]
    [InlineData("sign-flip", "sign-flip:1")]
    [InlineData("SIGN-FLIP:4", "sign-flip:4")]
    [InlineData("sign-flip:scale=2.5", "sign-flip:2.5")]
    public void Attack_specs_parse_to_their_canonical_name(string spec, string name)
        => Assert.Equal(name, UpdateAttack.Parse(spec, seed: 1).Name);

    [Theory]
    [InlineData("krum", "Unknown attack 'krum'")]
    [InlineData("random:3", "takes no parameter")]
    [InlineData("sign-flip:0", "scale must be a positive number, got '0'")]
    [InlineData("sign-flip:-1", "scale must be a positive number")]
    [InlineData("sign-flip:abc", "scale must be a positive number, got 'abc'")]
    [InlineData("sign-flip:nan", "scale must be a positive number")]
    [InlineData("sign-flip:", "scale must be a positive number")]
    public void Malformed_attack_specs_are_rejected_with_a_reason(string spec, string message)
    {
        var ex = Assert.Throws<FormatException>(() => UpdateAttack.Parse(spec, seed: 1));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_with_a_sign_flip_transform_uploads_the_negated_update_of_an_identical_honest_node()
    {
        var data = SyntheticData.Create(240, 10, 784, 10, seed: 3).Train;
        var global = Model.Create(ModelSpec.Parse("logreg"), seed: 1).GetParameters();

        async Task<float[]> UploadAsync(IUpdateTransform? transform)
        {
            var silo = new ScriptedSilo(rounds: 1);
            using var client = TestClients.Over(silo.Handler);
            var options = new ParticipantNodeOptions
            {
                CampaignId = "c1", Name = "n", PollWait = TimeSpan.Zero, Seed = 9, UpdateTransform = transform,
            };
            await new ParticipantNode(client, data, options).RunAsync();
            return Assert.Single(silo.Updates).Weights.ToArray();
        }

        var honest = await UploadAsync(null);
        var flipped = await UploadAsync(new SignFlipAttack());

        var expected = new float[honest.Length];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = global[i] - (honest[i] - global[i]);
        }

        Assert.NotEqual(global, honest);
        Assert.Equal(expected, flipped);
    }
}
