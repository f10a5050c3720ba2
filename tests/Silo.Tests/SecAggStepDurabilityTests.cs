using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecureAggregation;
using OrleansFed.Runtime;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Silo.Tests;

/// <summary>
/// Each step message is acknowledged only once its step record (the message and its place in the arrival order, or for
/// masked inputs the running masked sum) is durable: a restart in the middle of any step replays exactly what was
/// acknowledged, and a write that fails acknowledges nothing and counts nothing.
/// </summary>
public sealed class SecAggStepDurabilityTests
{
    private const int Parties = 5;
    private const string Spec = "secagg:degree=2,step=600";

    [Fact]
    public async Task A_silo_restart_in_the_middle_of_every_step_replays_exactly_the_acknowledged_messages()
    {
        var directory = Directory.CreateTempSubdirectory("orleansfed-secagg-steps-");
        void Sqlite(SiloOptions o)
        {
            o.Storage = StorageKind.Sqlite;
            o.DataDirectory = directory.FullName;
        }

        var round = new Round("secagg-every-step");
        try
        {
            // Two parties send in each step, the silo restarts, a repeat of an acknowledged message is a duplicate, and
            // the others complete the step against the rebuilt protocol server.
            foreach (var step in Enum.GetValues<Step>())
            {
                await using (var silo = await RunningSilo.StartAsync(Sqlite))
                {
                    var session = new SecAggSiloSession(silo, round.Id);
                    if (step == Step.Keys)
                    {
                        await round.StartAsync(session);
                    }

                    await round.SendAsync(session, step, 0, 2);
                }

                await using (var silo = await RunningSilo.StartAsync(Sqlite))
                {
                    var session = new SecAggSiloSession(silo, round.Id);
                    var again = await round.SendOneAsync(session, step, 0);
                    Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
                    Assert.True((await again.Content.ReadFromJsonAsync<SecAggAck>(SecAggSiloSession.Json))!.Duplicate);
                    await round.SendAsync(session, step, 2, Parties);
                    if (step == Step.Unmask)
                    {
                        await round.AssertExactSumAsync(silo, session);
                    }
                }
            }
        }
        finally
        {
            round.Dispose();
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

    [Theory]
    [InlineData("secagg-keys", 0)]
    [InlineData("secagg-shares", 1)]
    [InlineData("secagg-masked", 2)]
    [InlineData("secagg-unmask", 3)]
    public async Task A_step_message_whose_write_fails_is_not_acknowledged_and_its_retry_counts_once(string stateName, int failingStep)
    {
        var storage = new FailingStorage(new MemoryGrainStorage());
        await using var silo = await StartAsync(storage);
        using var round = new Round("secagg-failed-write");
        var session = await round.StartAsync(silo);
        foreach (var step in Enum.GetValues<Step>())
        {
            if ((int)step == failingStep)
            {
                await round.SendAsync(session, step, 0, 1);
                storage.FailNextWriteOf = stateName;
                var failed = await round.SendOneAsync(session, step, 1);
                Assert.Null(storage.FailNextWriteOf);
                Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);

                // The retry is a new message, not a duplicate: the failed one left no trace.
                var retried = await round.SendOneAsync(session, step, 1);
                Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
                Assert.False((await retried.Content.ReadFromJsonAsync<SecAggAck>(SecAggSiloSession.Json))!.Duplicate);
                await round.SendAsync(session, step, 2, Parties);
            }
            else
            {
                await round.SendAsync(session, step, 0, Parties);
            }
        }

        await round.AssertExactSumAsync(silo, session);
    }

    [Fact]
    public async Task Concurrent_step_messages_are_written_together_and_each_is_acknowledged_only_once_durable()
    {
        var storage = new FailingStorage(new MemoryGrainStorage()) { WriteDelay = TimeSpan.FromMilliseconds(250) };
        await using var silo = await StartAsync(storage);
        using var round = new Round("secagg-group-commit");
        var session = await round.StartAsync(silo);
        foreach (var (step, stateName) in Steps())
        {
            // Each receipt arrives only after a durable write of the step's record that lists its sender.
            await round.SendConcurrentlyAsync(session, step, Enumerable.Range(0, Parties), async (i, response) =>
            {
                Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
                Assert.Contains(round.ParticipantId(i), storage.DurableSenders(stateName));
            });

            // The messages sent after the first arrived while its (slow) write was in flight: fewer writes than messages.
            Assert.InRange(storage.Writes(stateName), 1, Parties - 1);
        }

        await round.AssertExactSumAsync(silo, session);
    }

    [Fact]
    public async Task A_failed_group_write_acknowledges_none_of_its_messages_and_their_retries_count_once()
    {
        var storage = new FailingStorage(new MemoryGrainStorage()) { WriteDelay = TimeSpan.FromMilliseconds(250) };
        await using var silo = await StartAsync(storage);
        using var round = new Round("secagg-group-failure");
        var session = await round.StartAsync(silo);
        await round.SendAsync(session, Step.Keys, 0, Parties);
        await round.SendAsync(session, Step.Shares, 0, Parties);

        storage.FailNextWriteOf = "secagg-masked";
        var failed = new List<int>();
        await round.SendConcurrentlyAsync(session, Step.Masked, Enumerable.Range(0, Parties), (i, response) =>
        {
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                Assert.Contains(round.ParticipantId(i), storage.DurableSenders("secagg-masked"));
            }
            else
            {
                Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
                Assert.DoesNotContain(round.ParticipantId(i), storage.DurableSenders("secagg-masked"));
                lock (failed)
                {
                    failed.Add(i);
                }
            }

            return Task.CompletedTask;
        });

        Assert.NotEmpty(failed);
        foreach (var i in failed)
        {
            var retried = await round.SendOneAsync(session, Step.Masked, i);
            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
            Assert.False((await retried.Content.ReadFromJsonAsync<SecAggAck>(SecAggSiloSession.Json))!.Duplicate);
        }

        await round.SendAsync(session, Step.Unmask, 0, Parties);
        await round.AssertExactSumAsync(silo, session);
    }

    /// <summary>A silo on memory storage behind <paramref name="storage"/>.</summary>
    private static Task<RunningSilo> StartAsync(FailingStorage storage) => RunningSilo.StartAsync(customize: b =>
        b.Services.AddKeyedSingleton<IGrainStorage>(PersistentStateAttribute.DefaultStorageName, (_, _) => storage));

    private static IEnumerable<(Step Step, string StateName)> Steps() =>
        [(Step.Keys, "secagg-keys"), (Step.Shares, "secagg-shares"), (Step.Masked, "secagg-masked"), (Step.Unmask, "secagg-unmask")];

    private enum Step
    {
        Keys,
        Shares,
        Masked,
        Unmask,
    }

    /// <summary>One secagg round of <see cref="Parties"/> parties, their client state kept across silo restarts.</summary>
    private sealed class Round(string id) : IDisposable
    {
        private readonly SecureAggregationClient[] _clients = new SecureAggregationClient[Parties];
        private readonly uint[][] _inputs = new uint[Parties][];
        private readonly Dictionary<(Step, int), Func<SecAggSiloSession, Task<HttpResponseMessage>>> _sends = [];
        private readonly List<string> _tokens = [];
        private readonly List<string> _participantIds = [];

        public string Id { get; } = id;

        /// <summary>Creates the campaign on <paramref name="silo"/>, starts the round, and returns its session.</summary>
        public async Task<SecAggSiloSession> StartAsync(RunningSilo silo)
        {
            var session = new SecAggSiloSession(silo, Id);
            await StartAsync(session);
            return session;
        }

        public async Task StartAsync(SecAggSiloSession session)
        {
            await session.CreateAsync(minParticipants: Parties, spec: Spec, minEnrolled: Parties);
            for (var i = 0; i < Parties; i++)
            {
                var enrollment = await session.Silo.EnrollAsync(Id, $"party-{i}");
                _tokens.Add(enrollment.Token);
                _participantIds.Add(enrollment.ParticipantId);
            }

            var codec = new SecAggUpdateCodec(SecAggSiloSession.ParameterCount, 1.0, 32, Parties);
            using var rounding = new AesCtrRandomSource(new byte[16]);
            var delta = new float[SecAggSiloSession.ParameterCount];
            for (var i = 0; i < Parties; i++)
            {
                await session.TaskAsync(_tokens[i]);
                var view = await session.ViewAsync(_tokens[i]);
                _clients[i] = new SecureAggregationClient(view.Session.PartyId, SecAggSiloSession.Parameters(view.Session));
                delta.AsSpan().Fill(0.03f * (i - 2));
                _inputs[i] = new uint[codec.VectorLength];
                codec.Encode(delta, 100, 1f, _inputs[i], rounding);
            }
        }

        /// <summary>Sends the step message of parties [from, to), each computed once (a repeat resends the same bytes).</summary>
        public async Task SendAsync(SecAggSiloSession session, Step step, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var response = await SendOneAsync(session, step, i);
                Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            }
        }

        /// <summary>Prepares the messages of <paramref name="parties"/> one by one, then sends them all at once.</summary>
        public async Task SendConcurrentlyAsync(
            SecAggSiloSession session, Step step, IEnumerable<int> parties, Func<int, HttpResponseMessage, Task> check)
        {
            var list = parties.ToList();
            foreach (var i in list)
            {
                if (!_sends.ContainsKey((step, i)))
                {
                    _sends[(step, i)] = await PrepareAsync(session, step, i);
                }
            }

            await Task.WhenAll(list.Select(async i => await check(i, await _sends[(step, i)](session))));
        }

        public string ParticipantId(int i) => _participantIds[i];

        public async Task<HttpResponseMessage> SendOneAsync(SecAggSiloSession session, Step step, int i)
        {
            if (!_sends.TryGetValue((step, i), out var send))
            {
                send = await PrepareAsync(session, step, i);
                _sends[(step, i)] = send;
            }

            return await send(session);
        }

        public async Task AssertExactSumAsync(RunningSilo silo, SecAggSiloSession session)
        {
            var expected = new uint[SecAggSiloSession.ParameterCount + SecAggUpdateCodec.ExtraElements];
            foreach (var input in _inputs)
            {
                for (var j = 0; j < expected.Length; j++)
                {
                    expected[j] = unchecked(expected[j] + input[j]);
                }
            }

            var result = await silo.Grains.GetGrain<ISecAggRoundGrain>(SecAggKeys.Round(Id, 1, 1)).GetResultAsync();
            Assert.True(result.Finished);
            Assert.Equal(Parties, result.Contributors);
            Assert.Equal(expected, result.Sum.ToArray());
            var status = await silo.Http.GetFromJsonAsync<CampaignStatus>($"/v1/campaigns/{Id}", SecAggSiloSession.Json);
            Assert.Equal(CampaignState.Completed, status!.State);
        }

        public void Dispose()
        {
            foreach (var client in _clients)
            {
                client?.Dispose();
            }
        }

        private async Task<Func<SecAggSiloSession, Task<HttpResponseMessage>>> PrepareAsync(SecAggSiloSession session, Step step, int i)
        {
            var token = _tokens[i];
            switch (step)
            {
                case Step.Keys:
                    var keys = SecAggSiloSession.Keys(_clients[i].AdvertiseKeys());
                    return s => s.KeysAsync(token, keys);
                case Step.Shares:
                    var roster = await session.ViewAsync(token, SecAggPhase.Advertising);
                    Assert.Equal(SecAggPhase.SharingKeys, roster.Phase);
                    var shares = SecAggSiloSession.Shares(_clients[i].ShareKeys(SecAggSiloSession.Roster(roster)));
                    return s => s.SharesAsync(token, shares);
                case Step.Masked:
                    var forwarded = await session.ViewAsync(token, SecAggPhase.SharingKeys);
                    Assert.Equal(SecAggPhase.MaskedInput, forwarded.Phase);
                    var masked = SecAggSiloSession.Bytes(_clients[i].MaskInput(SecAggSiloSession.Forwarded(forwarded), _inputs[i]).MaskedInput.Span);
                    return s => s.MaskedAsync(token, masked);
                default:
                    var request = await session.ViewAsync(token, SecAggPhase.MaskedInput);
                    Assert.Equal(SecAggPhase.Unmasking, request.Phase);
                    var unmasking = SecAggSiloSession.Unmasking(_clients[i].Unmask(new UnmaskingRequest([.. request.Survivors!.Value], [.. request.Dropped!.Value])));
                    return s => s.UnmaskAsync(token, unmasking);
            }
        }
    }

    /// <summary>
    /// Fails the next write of one named state (as a crash or a full disk at that point would), optionally makes every
    /// write slow, and records per state how many writes completed and which step senders they made durable.
    /// </summary>
    private sealed class FailingStorage(IGrainStorage inner) : IGrainStorage
    {
        private readonly Dictionary<string, (int Writes, HashSet<string> Senders)> _durable = [];

        public volatile string? FailNextWriteOf;

        public TimeSpan WriteDelay { get; init; }

        public int Writes(string stateName)
        {
            lock (_durable)
            {
                return _durable.TryGetValue(stateName, out var d) ? d.Writes : 0;
            }
        }

        public HashSet<string> DurableSenders(string stateName)
        {
            lock (_durable)
            {
                return _durable.TryGetValue(stateName, out var d) ? [.. d.Senders] : [];
            }
        }

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
            where T : new() => inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
            where T : new()
        {
            var senders = grainState.State is Grains.SecAgg.SecAggStepState step ? [.. step.Senders] : Array.Empty<string>();
            if (WriteDelay > TimeSpan.Zero)
            {
                await Task.Delay(WriteDelay, cancellationToken);
            }

            if (stateName == FailNextWriteOf)
            {
                FailNextWriteOf = null;
                throw new IOException("Simulated storage failure before the write.");
            }

            await inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
            lock (_durable)
            {
                var (writes, durable) = _durable.TryGetValue(stateName, out var existing) ? existing : (0, new HashSet<string>());
                durable.UnionWith(senders);
                _durable[stateName] = (writes + 1, durable);
            }
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken = default)
            where T : new() => inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);
    }
}
