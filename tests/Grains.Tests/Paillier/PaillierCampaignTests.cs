using System.Numerics;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Paillier;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Privacy.Paillier;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Runtime.Testing;
using Xunit;

namespace OrleansFed.Grains.Tests.Paillier;

/// <summary>The campaign's paillier mode at the grain level: decryption deadline, durability across restarts.</summary>
public sealed class PaillierCampaignTests : IDisposable
{
    private const int Length = 7850;
    private static readonly Lazy<PaillierKeyPair> s_key = new(() => PaillierKeyPair.GenerateInsecureTestKey(512, new AesCtrRandomSource(new byte[16])));
    private readonly string _directory = Directory.CreateTempSubdirectory("orleansfed-paillier-grains-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_sum_the_key_holder_does_not_decrypt_in_time_abandons_the_attempt_and_the_round_is_retried()
    {
        await using var host = await GrainTestHost.StartAsync();
        var (campaign, paillier) = await StartAsync(host, "c1");
        await paillier.SubmitCiphertextsAsync("p1", Encrypt(await TaskFor(campaign, "p1"), 1, 1, 0.5f, 10));
        await paillier.SubmitCiphertextsAsync("p2", Encrypt(await TaskFor(campaign, "p2"), 1, 1, 0.25f, 30));
        var decrypt = (await campaign.GetNextTaskAsync("p1")).Task!;
        Assert.Equal(PaillierAction.Decrypt, decrypt.Paillier!.Action);
        Assert.Equal(host.Time.GetUtcNow().AddSeconds(60), decrypt.Deadline); // one more round timeout to decrypt
        Assert.Equal(TaskOfferKind.None, (await campaign.GetNextTaskAsync("p2")).Kind);

        host.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(PaillierAction.Decrypt, (await campaign.GetNextTaskAsync("p1")).Task!.Paillier!.Action);
        host.Time.Advance(TimeSpan.FromSeconds(2));
        await GrainTestHost.EventuallyAsync(async () => (await campaign.GetStatusAsync())!.CurrentRound == 1 &&
            (await campaign.GetNextTaskAsync("p2")).Task is { Attempt: 2 }, "attempt 2 of round 1 opens");

        Assert.Empty(await campaign.GetHistoryAsync());
        var retry = (await campaign.GetNextTaskAsync("p1")).Task!;
        Assert.Equal(PaillierAction.Train, retry.Paillier!.Action);
        Assert.Equal(2, retry.Attempt);
        var abandoned = host.Grains.GetGrain<IPaillierRoundGrain>(GrainKeys.Round("c1", 1, 1));
        Assert.Equal(PaillierRoundPhase.Abandoned, (await abandoned.GetStatusAsync()).Phase);
        await Assert.ThrowsAsync<RoundClosedException>(() => paillier.GetEncryptedSumAsync("p1", 1, 1));
        await Assert.ThrowsAsync<RoundClosedException>(() => paillier.SubmitAverageAsync("p1", 1, new UpdateBlob(1, 40, 0.5f, new float[Length])));
    }

    [Fact]
    public async Task A_paused_campaign_refuses_the_average_and_takes_it_after_resuming()
    {
        await using var host = await GrainTestHost.StartAsync();
        var (campaign, paillier) = await StartAsync(host, "c1");
        await paillier.SubmitCiphertextsAsync("p1", Encrypt(await TaskFor(campaign, "p1"), 1, 1, 0.5f, 10));
        await paillier.SubmitCiphertextsAsync("p2", Encrypt(await TaskFor(campaign, "p2"), 1, 1, 0.25f, 30));
        await campaign.PauseAsync();
        var average = new UpdateBlob(1, 40, 0.5f, new float[Length]);

        await Assert.ThrowsAsync<RoundClosedException>(() => paillier.SubmitAverageAsync("p1", 1, average));
        Assert.Equal(TaskOfferKind.None, (await campaign.GetNextTaskAsync("p1")).Kind);
        Assert.Equal(CampaignState.Paused, (await campaign.GetStatusAsync())!.State);
        Assert.Empty(await campaign.GetHistoryAsync());

        await campaign.ResumeAsync();
        Assert.Equal(PaillierAction.Decrypt, (await campaign.GetNextTaskAsync("p1")).Task!.Paillier!.Action);
        await paillier.SubmitAverageAsync("p1", 1, average);
        Assert.Equal(CampaignState.Completed, (await campaign.GetStatusAsync())!.State);
    }

    [Fact]
    public async Task The_key_and_accepted_ciphertexts_survive_a_restart_and_the_sum_stays_exact()
    {
        var time = new ManualTimeProvider();
        TrainingTask first;
        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            var (campaign, paillier) = await StartAsync(host, "c1");
            first = await TaskFor(campaign, "p1");
            var receipt = await paillier.SubmitCiphertextsAsync("p1", Encrypt(first, 1, 1, 0.5f, 10));
            Assert.False(receipt.Duplicate);
        }

        await using (var host = await GrainTestHost.StartAsync(time, _directory))
        {
            var campaign = host.Campaign("c1");
            var paillier = host.Grains.GetGrain<IPaillierCampaignGrain>(GrainKeys.Campaign("c1"));
            Assert.Equal(Base64(s_key.Value.PublicKey.Modulus), (await paillier.GetKeyAsync()).Modulus);
            // Accepted before the restart: p1 gets no task again, and a retried upload is a duplicate.
            Assert.Equal(TaskOfferKind.None, (await campaign.GetNextTaskAsync("p1")).Kind);
            Assert.True((await paillier.SubmitCiphertextsAsync("p1", Encrypt(first, 1, 1, 0.5f, 10))).Duplicate);
            await paillier.SubmitCiphertextsAsync("p2", Encrypt(await TaskFor(campaign, "p2"), 1, 1, -0.25f, 30));

            var sum = await paillier.GetEncryptedSumAsync("p1", 1, 1);
            var sums = Decrypt(sum, first.Paillier!);
            Assert.Equal((10L * 524288) + (30L * -262144), sums[0]);
            Assert.Equal((10L * 524288) + (30L * -262144), sums[Length - 1]);
            Assert.Equal(40, sums[^1]);

            var average = new UpdateBlob(1, 40, 0.5f, Enumerable.Repeat(-0.0625f, Length).ToArray());
            await paillier.SubmitAverageAsync("p1", 1, average);
            Assert.Equal(CampaignState.Completed, (await campaign.GetStatusAsync())!.State);
            Assert.All((await campaign.GetModelAsync()).Weights.ToArray(), w => Assert.Equal(-0.0625f, w));
            var record = Assert.Single(await campaign.GetHistoryAsync());
            Assert.Equal(40, record.Samples);
            Assert.Equal(2, record.Participants);
        }
    }

    private static async Task<(ICampaignGrain Campaign, IPaillierCampaignGrain Paillier)> StartAsync(GrainTestHost host, string id)
    {
        var campaign = host.Campaign(id);
        await campaign.CreateAsync(new CampaignConfig
        {
            Id = id, Model = "logreg", Rounds = 1, MinParticipants = 2, RoundTimeoutSeconds = 60, Privacy = "paillier:bits=512,test-keys=true",
        });
        await host.EnrollAsync(id, 2);
        Assert.Equal(CampaignState.Created, (await campaign.GetStatusAsync())!.State); // waits for the key
        Assert.Equal(PaillierAction.GenerateKey, (await campaign.GetNextTaskAsync("p1")).Task!.Paillier!.Action);
        var paillier = host.Grains.GetGrain<IPaillierCampaignGrain>(GrainKeys.Campaign(id));
        await paillier.PublishKeyAsync("p1", new PaillierKeyUpload { Modulus = Base64(s_key.Value.PublicKey.Modulus) });
        Assert.Equal(CampaignState.Running, (await campaign.GetStatusAsync())!.State);
        return (campaign, paillier);
    }

    private static async Task<TrainingTask> TaskFor(ICampaignGrain campaign, string participant) =>
        (await campaign.GetNextTaskAsync(participant)).Task ?? throw new InvalidOperationException($"No task for {participant}.");

    /// <summary>Every weight w, loss 0.5, n samples: [n·round(w·2^20)]·d, n·round(0.5·2^20), n.</summary>
    private static PaillierBlob Encrypt(TrainingTask task, int round, int attempt, float w, long n)
    {
        var encoding = task.Paillier!.Encoding;
        var values = new long[Length + 2];
        Array.Fill(values, n * (long)Math.Round(w * Math.Pow(2, encoding.FractionBits)), 0, Length);
        values[Length] = n * (1L << (encoding.FractionBits - 1));
        values[Length + 1] = n;
        var packer = new PaillierPacker(s_key.Value.PublicKey, encoding.ValueBits, encoding.MaxSummands);
        var ciphertexts = packer.Encrypt(values, new CryptoRandomSource());
        Assert.Equal(task.Paillier.Ciphertexts, ciphertexts.Length);
        var width = (int)((s_key.Value.PublicKey.ModulusSquared.GetBitLength() + 7) / 8);
        var bytes = new byte[width * ciphertexts.Length];
        for (var k = 0; k < ciphertexts.Length; k++)
        {
            var c = ciphertexts[k].Value;
            var length = c.GetByteCount(isUnsigned: true);
            c.TryWriteBytes(bytes.AsSpan((k * width) + width - length, length), out _, isUnsigned: true, isBigEndian: true);
        }

        return new PaillierBlob(round, attempt, 1, width, bytes);
    }

    private static long[] Decrypt(PaillierBlob sum, PaillierTask task)
    {
        var packer = new PaillierPacker(s_key.Value.PublicKey, task.Encoding.ValueBits, task.Encoding.MaxSummands);
        var plaintexts = Enumerable.Range(0, sum.Count).Select(k => s_key.Value.PrivateKey.Decrypt(new PaillierCiphertext(
            new BigInteger(sum.Ciphertexts.Span.Slice(k * sum.Width, sum.Width), isUnsigned: true, isBigEndian: true)))).ToArray();
        var sums = new long[Length + 2];
        packer.UnpackSum(plaintexts, sum.Summands, sums);
        return sums;
    }

    private static string Base64(BigInteger n) => Convert.ToBase64String(n.ToByteArray(isUnsigned: true, isBigEndian: true));
}
