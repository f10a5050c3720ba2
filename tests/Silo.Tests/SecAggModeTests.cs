using System.Net;
using System.Net.Http.Json;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Silo.Tests;

/// <summary>The <c>secagg</c> privacy mode over HTTP: a round with dropouts yields exactly the survivors' sum, the silo's
/// storage, logs and telemetry hold no individual update, and bad step messages are 4xx problems that change nothing.</summary>
public sealed class SecAggModeTests
{
    [Fact]
    public async Task A_round_with_three_dropouts_yields_the_exact_sum_of_the_survivors_and_no_update_reaches_storage_logs_or_telemetry()
    {
        const int parties = 8;
        var dropped = new HashSet<int> { 1, 4, 6 }; // indexes that vanish after share-keys
        var directory = Directory.CreateTempSubdirectory("orleansfed-secagg-silo-");
        using var capture = new TelemetryCapture();
        var random = new Random(5);
        var deltas = Enumerable.Range(0, parties)
            .Select(_ => Enumerable.Range(0, SecAggSiloSession.ParameterCount).Select(_ => (float)((random.NextDouble() * 0.2) - 0.1)).ToArray()).ToArray();
        var quantized = new uint[parties][];
        var expected = new uint[SecAggSiloSession.ParameterCount + SecAggUpdateCodec.ExtraElements];
        uint[] sum;
        try
        {
            await using (var silo = await LeakScan.StartSqliteSiloAsync(directory, capture))
            {
                var session = new SecAggSiloSession(silo, "secagg-exact");
                await session.CreateAsync(minParticipants: 5, spec: "secagg:step=3", minEnrolled: parties);
                var tokens = new List<string>();
                for (var i = 0; i < parties; i++)
                {
                    tokens.Add((await silo.EnrollAsync(session.Id, $"party-{i}", 100 * (i + 1))).Token);
                }

                var initial = TensorWire.DecodeModel(await (await silo.GetAsync($"/v1/campaigns/{session.Id}/model", tokens[0])).Content.ReadAsByteArrayAsync());
                var codec = new SecAggUpdateCodec(SecAggSiloSession.ParameterCount, 1.0, 32, parties);
                using var rounding = new AesCtrRandomSource(new byte[16]);
                await session.RunRoundAsync(
                    tokens,
                    (_, task, view) =>
                    {
                        Assert.StartsWith("secagg:", task.Privacy, StringComparison.Ordinal);
                        Assert.Equal(4, view.Session.Threshold); // ⌊7/2⌋ + 1 on the complete graph of 8
                    },
                    (i, _) =>
                    {
                        quantized[i] = new uint[codec.VectorLength];
                        codec.Encode(deltas[i], 100 * (i + 1), 0.5f + i, quantized[i], rounding);
                        if (dropped.Contains(i))
                        {
                            return null;
                        }

                        Encoding_.Add(expected, quantized[i]);
                        return quantized[i];
                    },
                    view => Assert.Equal(3, view.Dropped!.Value.Length));

                var status = await silo.Http.GetFromJsonAsync<CampaignStatus>($"/v1/campaigns/{session.Id}", SecAggSiloSession.Json);
                Assert.Equal(CampaignState.Completed, status!.State);
                var result = await silo.Grains.GetGrain<ISecAggRoundGrain>(SecAggKeys.Round(session.Id, 1, 1)).GetResultAsync();
                Assert.True(result.Finished);
                Assert.Equal(5, result.Contributors);
                sum = result.Sum.ToArray();
                Assert.Equal(expected, sum); // exactly the survivors' Z_(2^32) sum

                var record = Assert.Single(await silo.HistoryAsync(session.Id));
                Assert.Equal(5, record.Participants);
                Assert.Equal(100 + 300 + 400 + 600 + 800, record.Samples);
                var mean = new float[SecAggSiloSession.ParameterCount];
                codec.Decode(sum, mean);
                var model = TensorWire.DecodeModel(await (await silo.GetAsync($"/v1/campaigns/{session.Id}/model", tokens[0])).Content.ReadAsByteArrayAsync());
                for (var j = 0; j < mean.Length; j++)
                {
                    Assert.Equal(initial.Weights.Span[j] + mean[j], model.Weights.Span[j], 5);
                }
            }

            LeakScan.AssertOnlyTheSumIsKept(directory, capture, sum, deltas, quantized);
        }
        finally
        {
            LeakScan.Delete(directory);
        }
    }

    private static class Encoding_
    {
        public static void Add(uint[] sum, uint[] x)
        {
            for (var j = 0; j < sum.Length; j++)
            {
                sum[j] = unchecked(sum[j] + x[j]);
            }
        }
    }
}
