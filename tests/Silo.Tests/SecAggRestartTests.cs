using System.Net;
using System.Net.Http.Json;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Silo.Tests;

/// <summary>A secagg round survives a silo restart in the middle of the masked-input step: the protocol server is rebuilt
/// from the stored messages (with the same SecAgg+ graph) and the round still yields exactly the sum.</summary>
public sealed class SecAggRestartTests
{
    [Fact]
    public async Task A_silo_restart_during_masked_input_loses_nothing_and_the_round_yields_the_exact_sum()
    {
        const int parties = 5;
        var directory = Directory.CreateTempSubdirectory("orleansfed-secagg-restart-");
        void Sqlite(SiloOptions o)
        {
            o.Storage = StorageKind.Sqlite;
            o.DataDirectory = directory.FullName;
        }

        var clients = new SecureAggregationClient[parties];
        var tokens = new List<string>();
        var expected = new uint[SecAggSiloSession.ParameterCount + SecAggUpdateCodec.ExtraElements];
        var masked = new byte[parties][];
        try
        {
            await using (var silo = await RunningSilo.StartAsync(Sqlite))
            {
                var session = new SecAggSiloSession(silo, "secagg-restart");
                await session.CreateAsync(minParticipants: parties, spec: "secagg:degree=2,step=600", minEnrolled: parties);
                for (var i = 0; i < parties; i++)
                {
                    tokens.Add((await silo.EnrollAsync(session.Id, $"party-{i}")).Token);
                }

                for (var i = 0; i < parties; i++)
                {
                    await session.TaskAsync(tokens[i]);
                    var view = await session.ViewAsync(tokens[i]);
                    clients[i] = new SecureAggregationClient(view.Session.PartyId, SecAggSiloSession.Parameters(view.Session));
                    Assert.Equal(HttpStatusCode.Accepted, (await session.KeysAsync(tokens[i], SecAggSiloSession.Keys(clients[i].AdvertiseKeys()))).StatusCode);
                }

                for (var i = 0; i < parties; i++)
                {
                    var view = await session.ViewAsync(tokens[i]);
                    Assert.Equal(2, view.GraphDegree);
                    Assert.Equal(HttpStatusCode.Accepted, (await session.SharesAsync(tokens[i], SecAggSiloSession.Shares(clients[i].ShareKeys(SecAggSiloSession.Roster(view))))).StatusCode);
                }

                var codec = new SecAggUpdateCodec(SecAggSiloSession.ParameterCount, 1.0, 32, parties);
                using var rounding = new AesCtrRandomSource(new byte[16]);
                var delta = new float[SecAggSiloSession.ParameterCount];
                for (var i = 0; i < parties; i++)
                {
                    delta.AsSpan().Fill(-0.02f * (i + 1));
                    var x = new uint[codec.VectorLength];
                    codec.Encode(delta, 100, 1f, x, rounding);
                    for (var j = 0; j < x.Length; j++)
                    {
                        expected[j] = unchecked(expected[j] + x[j]);
                    }

                    var view = await session.ViewAsync(tokens[i]);
                    masked[i] = SecAggSiloSession.Bytes(clients[i].MaskInput(SecAggSiloSession.Forwarded(view), x).MaskedInput.Span);
                }

                Assert.Equal(HttpStatusCode.Accepted, (await session.MaskedAsync(tokens[0], masked[0])).StatusCode);
                Assert.Equal(HttpStatusCode.Accepted, (await session.MaskedAsync(tokens[1], masked[1])).StatusCode);
            }

            await using (var silo = await RunningSilo.StartAsync(Sqlite))
            {
                var session = new SecAggSiloSession(silo, "secagg-restart");
                var again = await session.MaskedAsync(tokens[0], masked[0]);
                Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
                Assert.True((await again.Content.ReadFromJsonAsync<SecAggAck>(SecAggSiloSession.Json))!.Duplicate);
                for (var i = 2; i < parties; i++)
                {
                    Assert.Equal(HttpStatusCode.Accepted, (await session.MaskedAsync(tokens[i], masked[i])).StatusCode);
                }

                for (var i = 0; i < parties; i++)
                {
                    var view = await session.ViewAsync(tokens[i]);
                    Assert.Equal(SecAggPhase.Unmasking, view.Phase);
                    var response = clients[i].Unmask(new UnmaskingRequest([.. view.Survivors!.Value], [.. view.Dropped!.Value]));
                    Assert.Equal(HttpStatusCode.Accepted, (await session.UnmaskAsync(tokens[i], SecAggSiloSession.Unmasking(response))).StatusCode);
                }

                var result = await silo.Grains.GetGrain<ISecAggRoundGrain>(SecAggKeys.Round(session.Id, 1, 1)).GetResultAsync();
                Assert.True(result.Finished);
                Assert.Equal(parties, result.Contributors);
                Assert.Equal(expected, result.Sum.ToArray());
                Assert.Equal(CampaignState.Completed, (await silo.Http.GetFromJsonAsync<CampaignStatus>($"/v1/campaigns/{session.Id}", SecAggSiloSession.Json))!.State);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client?.Dispose();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
