using System.Net;
using System.Net.Http.Json;
using OrleansFed.Grains.Ledger;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Privacy.Accounting;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Silo.Tests;

/// <summary>The <c>dp-distributed</c> privacy mode over HTTP: participants' noised vectors travel under secure
/// aggregation; the silo commits the noisy mean, charges the ledger once per attempt, stops at the budget, and its
/// storage, logs and telemetry hold no individual update, noised or not.</summary>
public sealed class DpDistributedModeTests
{
    private const double Delta = 1e-5;

    [Fact]
    public async Task A_round_with_a_dropout_commits_the_noisy_mean_charges_the_ledger_stops_at_the_budget_and_leaks_no_update()
    {
        const int parties = 6;
        const int dropped = 2; // vanishes after share-keys
        var directory = Directory.CreateTempSubdirectory("orleansfed-dpdist-silo-");
        using var capture = new TelemetryCapture();
        var random = new Random(11);
        var deltas = Enumerable.Range(0, parties)
            .Select(_ => Enumerable.Range(0, SecAggSiloSession.ParameterCount).Select(_ => (float)((random.NextDouble() * 0.02) - 0.01)).ToArray()).ToArray();
        var encoded = new uint[parties][];

        // Six selected on the complete graph: threshold 3. One round costs ε₁, two would cost ε₂ > budget.
        var codec = DistributedGaussianUpdateCodec.Create(SecAggSiloSession.ParameterCount, 1, 1, 3, parties, 32);
        var roundEvent = new SampledWithoutReplacementGaussianEvent(1, codec.AccountedNoiseMultiplier, 1);
        var one = Epsilon(roundEvent, 1);
        var two = Epsilon(roundEvent, 2);
        var expected = new uint[codec.VectorLength];
        uint[] sum;
        try
        {
            await using (var silo = await LeakScan.StartSqliteSiloAsync(directory, capture))
            {
                var session = new SecAggSiloSession(silo, "dpdist");
                var created = await silo.Http.PostAsJsonAsync("/v1/campaigns", new
                {
                    id = session.Id, model = "logreg", rounds = 3, minParticipants = 4, minEnrolled = parties, roundTimeoutSeconds = 120,
                    privacy = "dp-distributed:noise=1,clip=1,step=3", privacyBudget = new { epsilon = (one + two) / 2, delta = Delta },
                }, RunningSilo.Json);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var tokens = new List<string>();
                for (var i = 0; i < parties; i++)
                {
                    tokens.Add((await silo.EnrollAsync(session.Id, $"party-{i}", 100)).Token);
                }

                var ledger = silo.Grains.GetGrain<IPrivacyLedgerGrain>(GrainKeys.CampaignLedger(session.Id));
                var charged = Assert.Single(await ledger.GetEntriesAsync());
                Assert.Equal(new LedgerEntry("round-1-a1", roundEvent), charged);

                var initial = TensorWire.DecodeModel(await (await silo.GetAsync($"/v1/campaigns/{session.Id}/model", tokens[0])).Content.ReadAsByteArrayAsync());
                await session.RunRoundAsync(
                    tokens,
                    (_, task, view) =>
                    {
                        Assert.Equal(new DpDistributedTaskSettings { NoiseMultiplier = 1, ClipNorm = 1 }, task.DpDistributed);
                        Assert.Equal(3, view.Session.Threshold);
                        Assert.Equal(parties, view.Session.MaxSummands);
                    },
                    (i, view) =>
                    {
                        var participantCodec = DistributedGaussianUpdateCodec.Create(
                            view.Session.ParameterCount, 1, 1, view.Session.Threshold, view.Session.MaxSummands, view.Session.Bits);
                        encoded[i] = new uint[participantCodec.VectorLength];
                        participantCodec.Encode(deltas[i], encoded[i], new CryptoRandomSource());
                        if (i == dropped)
                        {
                            return null;
                        }

                        for (var j = 0; j < expected.Length; j++)
                        {
                            expected[j] = unchecked(expected[j] + encoded[i][j]);
                        }

                        return encoded[i];
                    },
                    view => Assert.Single(view.Dropped!.Value));

                var status = await silo.Http.GetFromJsonAsync<CampaignStatus>($"/v1/campaigns/{session.Id}", SecAggSiloSession.Json);
                Assert.Equal(CampaignState.Completed, status!.State);
                Assert.Equal(1, status.CompletedRounds);
                Assert.StartsWith("Privacy budget exhausted: round 2", status.Message, StringComparison.Ordinal);
                Assert.Equal(one, status.Epsilon!.Value, 12);
                Assert.Equal(Delta, status.Delta);
                Assert.Equal(new LedgerEntry("round-1-a1", roundEvent), Assert.Single(await ledger.GetEntriesAsync()));

                var result = await silo.Grains.GetGrain<ISecAggRoundGrain>(SecAggKeys.Round(session.Id, 1, 1)).GetResultAsync();
                Assert.Equal(parties - 1, result.Contributors);
                Assert.StartsWith("secagg:", result.Spec, StringComparison.Ordinal);
                sum = result.Sum.ToArray();
                Assert.Equal(expected, sum); // the survivors' noised vectors, summed exactly

                var record = Assert.Single(await silo.HistoryAsync(session.Id));
                Assert.Equal(parties - 1, record.Participants);
                Assert.Equal(0, record.Samples); // not released: it would be un-noised
                Assert.Equal(one, record.Epsilon!.Value, 12);
                var mean = new float[SecAggSiloSession.ParameterCount];
                Assert.Equal(parties - 1, codec.Decode(sum, mean));
                var model = TensorWire.DecodeModel(await (await silo.GetAsync($"/v1/campaigns/{session.Id}/model", tokens[0])).Content.ReadAsByteArrayAsync());
                double noise = 0;
                for (var j = 0; j < mean.Length; j++)
                {
                    Assert.Equal(initial.Weights.Span[j] + mean[j], model.Weights.Span[j], 5);
                    var clean = Enumerable.Range(0, parties).Where(i => i != dropped).Average(i => deltas[i][j]);
                    noise += Math.Pow(mean[j] - clean, 2);
                }

                // Per coordinate the mean carries noise of standard deviation √(5·s²)/(5γ) ≈ z·C·(1 + √d/U)·√(5/3)/5.
                var perCoordinate = Math.Sqrt(noise / mean.Length);
                var predicted = Math.Sqrt((parties - 1) * codec.LocalVariance) / (codec.Scale * (parties - 1));
                Assert.InRange(perCoordinate / predicted, 0.9, 1.1);
            }

            LeakScan.AssertOnlyTheSumIsKept(directory, capture, sum, deltas, encoded);
        }
        finally
        {
            LeakScan.Delete(directory);
        }
    }

    [Theory]
    [InlineData("dp-distributed", null, 3, "dp-distributed needs sigma=σ")]
    [InlineData("dp-distributed:noise=1,sigma=2", null, 3, "noise and sigma are the same setting")]
    [InlineData("dp-distributed:noise=1,degree=3", null, 3, "secagg degree must be 0")]
    [InlineData("dp-distributed:noise=1", "median", 3, "needs a mean-based aggregator")]
    [InlineData("dp-distributed:noise=10,bits=16", null, 50, "wrap-around")]
    public async Task Bad_dp_distributed_settings_are_400_problems_and_create_nothing(string spec, string? aggregator, int minParticipants, string fragment)
    {
        await using var silo = await RunningSilo.StartAsync();

        var response = await silo.Http.PostAsJsonAsync("/v1/campaigns", new
        {
            id = "bad-dpdist", model = "logreg", rounds = 1, minParticipants, aggregator, privacy = spec,
        }, RunningSilo.Json);

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains(fragment, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("/v1/campaigns/bad-dpdist")).StatusCode);
    }

    private static double Epsilon(PrivacyEvent e, int count) =>
        new RdpAccountant().GetGuarantee(new PrivacyLedger([.. Enumerable.Repeat(e, count)]), Delta).Epsilon;
}
