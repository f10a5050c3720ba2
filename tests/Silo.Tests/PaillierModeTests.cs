using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Paillier;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Silo.Hosting;

namespace OrleansFed.Silo.Tests;

/// <summary>The <c>paillier</c> privacy mode over HTTP: key publication, ciphertext uploads, the encrypted sum, the
/// key holder's average, what the silo stores, and every rejection (problem+json, nothing changed).</summary>
public sealed class PaillierModeTests
{
    private static readonly long[] s_samples = [300, 1200, 3000];

    [Fact]
    public async Task A_round_sums_ciphertexts_exactly_commits_the_key_holders_average_and_stores_no_private_key_or_plaintext_update()
    {
        var directory = Directory.CreateTempSubdirectory("orleansfed-paillier-silo-");
        var random = new Random(11);
        var weights = s_samples.Select(_ => Enumerable.Range(0, PaillierSiloSession.ParameterCount).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray()).ToArray();
        var losses = new[] { 0.75, 1.5, 0.25 };
        try
        {
            await using (var silo = await RunningSilo.StartAsync(o =>
            {
                o.Storage = StorageKind.Sqlite;
                o.DataDirectory = directory.FullName;
            }))
            {
                var session = new PaillierSiloSession(silo, "paillier-exact");
                await session.CreateAsync(minParticipants: 3);
                var tokens = new List<string>();
                for (var i = 0; i < s_samples.Length; i++)
                {
                    tokens.Add((await silo.EnrollAsync(session.Id, $"party-{i}", s_samples[i])).Token);
                }

                var keyTask = await session.NextTaskAsync(tokens[0]);
                Assert.Equal(PaillierAction.GenerateKey, keyTask!.Paillier!.Action);
                Assert.Equal("p1", keyTask.Paillier.KeyHolder);
                Assert.Equal(512, keyTask.Paillier.Bits);
                Assert.Null(await session.NextTaskAsync(tokens[1])); // no round before the key exists
                Assert.Equal(HttpStatusCode.OK, (await session.PublishAsync(tokens[0], PaillierSiloSession.Key.PublicKey.Modulus)).StatusCode);

                var train = new List<TrainingTask>();
                foreach (var token in tokens)
                {
                    var task = (await session.NextTaskAsync(token))!;
                    Assert.Equal(PaillierAction.Train, task.Paillier!.Action);
                    Assert.Equal(PaillierSiloSession.Base64(PaillierSiloSession.Key.PublicKey.Modulus), task.Paillier.Modulus);
                    Assert.Equal(PaillierSiloSession.ParameterCount, task.Paillier.ParameterCount);
                    train.Add(task);
                }

                var paillier = train[0].Paillier!;
                // 49-bit values (2^20 · 128 · 2^20), 59-bit slots for 1000 summands: 8 per 512-bit plaintext.
                Assert.Equal(49, paillier.Encoding.ValueBits);
                Assert.Equal((PaillierSiloSession.ParameterCount + 2 + 7) / 8, paillier.Ciphertexts);
                var expected = new long[PaillierSiloSession.ParameterCount + 2];
                for (var i = 0; i < tokens.Count; i++)
                {
                    var values = PaillierSiloSession.Encode(weights[i], losses[i], s_samples[i], paillier.Encoding);
                    for (var j = 0; j < values.Length; j++)
                    {
                        expected[j] += values[j];
                    }

                    var blob = PaillierSiloSession.Encrypt(values, paillier, 1);
                    Assert.Equal(HttpStatusCode.Accepted, (await session.UploadAsync(tokens[i], 1, PaillierWire.Encode(blob))).StatusCode);
                }

                // Collection closed: only the key holder has something to do; late uploads are refused.
                Assert.Equal(PaillierAction.Decrypt, (await session.NextTaskAsync(tokens[0]))!.Paillier!.Action);
                Assert.Null(await session.NextTaskAsync(tokens[1]));
                await Problems.AssertAsync(await session.SumAsync(tokens[1], 1), HttpStatusCode.Forbidden, ProblemTypes.NotSelected);

                var sumResponse = await session.SumAsync(tokens[0], 1);
                Assert.Equal(HttpStatusCode.OK, sumResponse.StatusCode);
                var sum = PaillierWire.Decode(await sumResponse.Content.ReadAsByteArrayAsync());
                Assert.Equal(3, sum.Summands);
                var sums = PaillierSiloSession.DecryptSums(sum, paillier);
                Assert.Equal(expected, sums); // the homomorphic sum is exact, slot by slot

                var total = s_samples.Sum();
                Assert.Equal(total, sums[^1]);
                var scale = Math.Pow(2, paillier.Encoding.FractionBits) * total;
                var average = sums[..PaillierSiloSession.ParameterCount].Select(v => (float)(v / scale)).ToArray();
                for (var j = 0; j < average.Length; j++)
                {
                    var plain = s_samples.Select((n, i) => n * (double)weights[i][j]).Sum() / total;
                    Assert.True(Math.Abs(average[j] - plain) <= Math.Pow(2, -(paillier.Encoding.FractionBits + 1)) + 1e-7, $"weight {j}: {average[j]} vs {plain}");
                }

                var loss = (float)(sums[^2] / scale);
                Assert.Equal((0.75 * 300) + (1.5 * 1200) + (0.25 * 3000), loss * (double)total, 3);
                Assert.Equal(HttpStatusCode.Accepted, (await session.AverageAsync(tokens[0], new UpdateBlob(1, total, loss, average))).StatusCode);

                var status = await silo.Http.GetFromJsonAsync<CampaignStatus>($"/v1/campaigns/{session.Id}", RunningSilo.Json);
                Assert.Equal(CampaignState.Completed, status!.State);
                var record = Assert.Single(await silo.HistoryAsync(session.Id));
                Assert.Equal(3, record.Participants);
                Assert.Equal(total, record.Samples);
                Assert.Equal(CloseReason.AllSubmitted, record.CloseReason);
                var model = TensorWire.DecodeModel(await (await silo.GetAsync($"/v1/campaigns/{session.Id}/model", tokens[1])).Content.ReadAsByteArrayAsync());
                Assert.Equal(average, model.Weights.ToArray()); // bitwise: the silo commits the key holder's average as is
            }

            var stored = Directory.EnumerateFiles(directory.FullName, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();
            Assert.NotEmpty(stored);
            var (p, q) = PaillierSiloSession.Key.PrivateKey.ExportPrimes();
            foreach (var secret in new[] { p, q })
            {
                foreach (var form in SecretForms(secret))
                {
                    Assert.DoesNotContain(stored, bytes => Contains(bytes, form));
                }
            }

            foreach (var w in weights)
            {
                foreach (var form in UpdateForms(w))
                {
                    Assert.DoesNotContain(stored, bytes => Contains(bytes, form));
                }
            }
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task Bad_ciphertext_uploads_are_4xx_problems_and_change_nothing()
    {
        await using var silo = await RunningSilo.StartAsync();
        var (session, tokens, paillier) = await OpenRoundAsync(silo, "paillier-reject");
        var n = PaillierSiloSession.Key.PublicKey.Modulus;
        var valid = PaillierSiloSession.Encode(new float[PaillierSiloSession.ParameterCount], 0.5, 10, paillier.Encoding);
        var good = PaillierSiloSession.Encrypt(valid, paillier, 1);
        BigInteger[] Ciphertexts() => Enumerable.Range(0, good.Count)
            .Select(k => new BigInteger(good.Ciphertexts.Span.Slice(k * good.Width, good.Width), isUnsigned: true, isBigEndian: true)).ToArray();

        var zero = Ciphertexts();
        zero[3] = BigInteger.Zero;
        var (p, _) = PaillierSiloSession.Key.PrivateKey.ExportPrimes();
        var notUnit = Ciphertexts();
        notUnit[0] = p * 12345; // shares the factor p with n
        var tooLarge = good.Ciphertexts.ToArray();
        tooLarge.AsSpan(0, good.Width).Fill(0xFF); // ≥ n²
        var badMagic = PaillierWire.Encode(good);
        badMagic[0] = (byte)'X';

        await Problems.AssertAsync(await session.UploadAsync(tokens[1], 1, PaillierWire.Encode(PaillierSiloSession.ToBlob(zero, 1))), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await session.UploadAsync(tokens[1], 1, PaillierWire.Encode(PaillierSiloSession.ToBlob(notUnit, 1))), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await session.UploadAsync(tokens[1], 1, PaillierWire.Encode(good with { Ciphertexts = tooLarge })), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await session.UploadAsync(tokens[1], 1, PaillierWire.Encode(PaillierSiloSession.ToBlob(Ciphertexts()[1..], 1))), HttpStatusCode.BadRequest, ProblemTypes.WrongLength);
        await Problems.AssertAsync(await session.UploadAsync(tokens[1], 1, PaillierWire.Encode(good with { Summands = 2 })), HttpStatusCode.BadRequest, ProblemTypes.WrongLength);
        await Problems.AssertAsync(await session.UploadAsync(tokens[1], 1, badMagic), HttpStatusCode.BadRequest, ProblemTypes.MalformedBody);
        await Problems.AssertAsync(await session.UploadAsync(tokens[1], 1, PaillierWire.Encode(good)[..40]), HttpStatusCode.BadRequest, ProblemTypes.MalformedBody);
        await Problems.AssertAsync(await session.UploadAsync(tokens[1], 1, PaillierWire.Encode(good with { Round = 2 })), HttpStatusCode.BadRequest, ProblemTypes.MalformedBody);
        await Problems.AssertAsync(await session.UploadAsync(tokens[1], 1, PaillierWire.Encode(good with { Attempt = 2 })), HttpStatusCode.Conflict, ProblemTypes.RoundClosed);
        await Problems.AssertAsync(await session.UploadAsync(tokens[1], 1, PaillierWire.Encode(good), "application/json"), HttpStatusCode.UnsupportedMediaType, ProblemTypes.Prefix + "unsupported-media-type");
        await Problems.AssertAsync(await session.UploadAsync("not-a-token", 1, PaillierWire.Encode(good)), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);

        var round = silo.Grains.GetGrain<IPaillierRoundGrain>(GrainKeys.Round(session.Id, 1, 1));
        Assert.Empty((await round.GetStatusAsync()).Contributors);
        Assert.Equal(PaillierRoundPhase.Open, (await round.GetStatusAsync()).Phase);

        var accepted = await session.UploadAsync(tokens[1], 1, PaillierWire.Encode(good));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.False((await accepted.Content.ReadFromJsonAsync<SubmitReceipt>(RunningSilo.Json))!.Duplicate);
        var repeat = await session.UploadAsync(tokens[1], 1, PaillierWire.Encode(good));
        Assert.True((await repeat.Content.ReadFromJsonAsync<SubmitReceipt>(RunningSilo.Json))!.Duplicate);
        Assert.Equal(new[] { "p2" }, (await round.GetStatusAsync()).Contributors.ToArray());
    }

    [Fact]
    public async Task A_plaintext_update_in_a_paillier_campaign_is_400_and_never_stored()
    {
        await using var silo = await RunningSilo.StartAsync();
        var (session, tokens, _) = await OpenRoundAsync(silo, "paillier-plain");
        var plain = TensorWire.EncodeUpdate(new UpdateBlob(1, 10, 0.5f, new float[PaillierSiloSession.ParameterCount]));

        var problem = await Problems.AssertAsync(await silo.UploadAsync(session.Id, 1, tokens[1], plain), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);

        Assert.Contains("paillier-update", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await silo.RoundAsync(session.Id, 1)).Submitted);
        Assert.Empty((await silo.Grains.GetGrain<IPaillierRoundGrain>(GrainKeys.Round(session.Id, 1, 1)).GetStatusAsync()).Contributors);
    }

    [Fact]
    public async Task Only_the_key_holder_publishes_one_key_of_the_configured_size()
    {
        await using var silo = await RunningSilo.StartAsync();
        var session = new PaillierSiloSession(silo, "paillier-key");
        await session.CreateAsync();
        var holder = (await silo.EnrollAsync(session.Id, "a")).Token;
        var other = (await silo.EnrollAsync(session.Id, "b")).Token;
        var n = PaillierSiloSession.Key.PublicKey.Modulus;
        var otherKey = OrleansFed.Privacy.Paillier.PaillierKeyPair.GenerateInsecureTestKey(512).PublicKey.Modulus;
        var small = OrleansFed.Privacy.Paillier.PaillierKeyPair.GenerateInsecureTestKey(256).PublicKey.Modulus;

        await Problems.AssertAsync(await session.PublishAsync(other, n), HttpStatusCode.Forbidden, ProblemTypes.NotSelected);
        await Problems.AssertAsync(await session.PublishAsync(holder, small), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await Problems.AssertAsync(await session.PublishAsync(holder, n * 3), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        var info = await silo.GetAsync($"/v1/campaigns/{session.Id}/paillier/public-key", other);
        Assert.Null((await info.Content.ReadFromJsonAsync<PaillierKeyInfo>(RunningSilo.Json))!.Modulus);

        Assert.Equal(HttpStatusCode.OK, (await session.PublishAsync(holder, n)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.PublishAsync(holder, n)).StatusCode); // idempotent
        await Problems.AssertAsync(await session.PublishAsync(holder, otherKey), HttpStatusCode.Conflict, ProblemTypes.IllegalTransition);
        info = await silo.GetAsync($"/v1/campaigns/{session.Id}/paillier/public-key", other);
        var published = (await info.Content.ReadFromJsonAsync<PaillierKeyInfo>(RunningSilo.Json))!;
        Assert.Equal(PaillierSiloSession.Base64(n), published.Modulus);
        Assert.Equal("p1", published.KeyHolder);
        Assert.Equal(CampaignState.Running, (await silo.Http.GetFromJsonAsync<CampaignStatus>($"/v1/campaigns/{session.Id}", RunningSilo.Json))!.State);
    }

    [Fact]
    public async Task An_average_is_taken_only_from_the_key_holder_while_the_sum_awaits_decryption()
    {
        await using var silo = await RunningSilo.StartAsync();
        var (session, tokens, paillier) = await OpenRoundAsync(silo, "paillier-average");
        var average = new UpdateBlob(1, 20, 0.5f, new float[PaillierSiloSession.ParameterCount]);
        await Problems.AssertAsync(await session.AverageAsync(tokens[0], average), HttpStatusCode.Conflict, ProblemTypes.RoundClosed);
        await Problems.AssertAsync(await session.SumAsync(tokens[0], 1), HttpStatusCode.Conflict, ProblemTypes.RoundClosed);

        foreach (var token in tokens)
        {
            var values = PaillierSiloSession.Encode(new float[PaillierSiloSession.ParameterCount], 0.5, 10, paillier.Encoding);
            Assert.Equal(HttpStatusCode.Accepted, (await session.UploadAsync(token, 1, PaillierWire.Encode(PaillierSiloSession.Encrypt(values, paillier, 1)))).StatusCode);
        }

        await Problems.AssertAsync(await session.AverageAsync(tokens[1], average), HttpStatusCode.Forbidden, ProblemTypes.NotSelected);
        await Problems.AssertAsync(await session.AverageAsync(tokens[0], average with { Weights = new float[10] }), HttpStatusCode.BadRequest, ProblemTypes.WrongLength);
        var nan = new float[PaillierSiloSession.ParameterCount];
        nan[5] = float.NaN;
        await Problems.AssertAsync(await session.AverageAsync(tokens[0], average with { Weights = nan }), HttpStatusCode.BadRequest, ProblemTypes.NonFinite);
        await Problems.AssertAsync(await session.AverageAsync(tokens[0], average, attempt: 2), HttpStatusCode.Conflict, ProblemTypes.RoundClosed);
        Assert.Empty(await silo.HistoryAsync(session.Id));

        Assert.Equal(HttpStatusCode.Accepted, (await session.AverageAsync(tokens[0], average)).StatusCode);
        var repeat = await session.AverageAsync(tokens[0], average);
        Assert.True((await repeat.Content.ReadFromJsonAsync<SubmitReceipt>(RunningSilo.Json))!.Duplicate);
        Assert.Single(await silo.HistoryAsync(session.Id));
    }

    [Theory]
    [InlineData("paillier:bits=1024", "test-keys=true")]
    [InlineData("paillier:bits=2047", "even")]
    [InlineData("paillier:bits=128,test-keys=true", "between 256")]
    [InlineData("paillier:frac=40,max-weight=100000", "at most 62")]
    [InlineData("paillier:colour=blue", "unknown paillier setting 'colour'")]
    [InlineData("paillier:bits=lots", "invalid value 'lots'")]
    public async Task Invalid_paillier_specs_are_400_and_create_nothing(string spec, string detail)
    {
        await using var silo = await RunningSilo.StartAsync();
        var response = await silo.Http.PostAsJsonAsync("/v1/campaigns", new { id = "bad-paillier", model = "logreg", rounds = 1, privacy = spec }, RunningSilo.Json);

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("/v1/campaigns/bad-paillier")).StatusCode);
    }

    [Fact]
    public async Task Paillier_needs_the_fedavg_rule_and_defaults_to_2048_bit_keys()
    {
        await using var silo = await RunningSilo.StartAsync();
        var median = await silo.Http.PostAsJsonAsync("/v1/campaigns", new { id = "paillier-median", model = "logreg", rounds = 1, privacy = "paillier", aggregator = "median" }, RunningSilo.Json);
        var problem = await Problems.AssertAsync(median, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains("needs aggregator fedavg", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var session = new PaillierSiloSession(silo, "paillier-default");
        await session.CreateAsync(spec: "paillier");
        var token = (await silo.EnrollAsync(session.Id, "a")).Token;
        Assert.Equal(2048, (await session.NextTaskAsync(token))!.Paillier!.Bits);
        await Problems.AssertAsync(await session.PublishAsync(token, PaillierSiloSession.Key.PublicKey.Modulus), HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
    }

    private static async Task<(PaillierSiloSession Session, List<string> Tokens, PaillierTask Task)> OpenRoundAsync(RunningSilo silo, string id)
    {
        var session = new PaillierSiloSession(silo, id);
        await session.CreateAsync();
        var tokens = new List<string> { (await silo.EnrollAsync(id, "a", 10)).Token, (await silo.EnrollAsync(id, "b", 10)).Token };
        Assert.Equal(HttpStatusCode.OK, (await session.PublishAsync(tokens[0], PaillierSiloSession.Key.PublicKey.Modulus)).StatusCode);
        var task = (await session.NextTaskAsync(tokens[1]))!;
        return (session, tokens, task.Paillier!);
    }

    private static IEnumerable<byte[]> SecretForms(BigInteger secret)
    {
        var bigEndian = secret.ToByteArray(isUnsigned: true, isBigEndian: true);
        var littleEndian = secret.ToByteArray(isUnsigned: true, isBigEndian: false);
        yield return bigEndian;
        yield return littleEndian;
        yield return Encoding.ASCII.GetBytes(Convert.ToBase64String(bigEndian)[..40]);
        yield return Encoding.ASCII.GetBytes(Convert.ToBase64String(littleEndian)[..40]);
        yield return Encoding.ASCII.GetBytes(secret.ToString(System.Globalization.CultureInfo.InvariantCulture)[..40]);
    }

    private static IEnumerable<byte[]> UpdateForms(float[] weights)
    {
        var bytes = new byte[weights.Length * 4];
        Buffer.BlockCopy(weights, 0, bytes, 0, bytes.Length);
        yield return bytes[400..464];
        for (var shift = 0; shift < 3; shift++)
        {
            // Base64 of the bytes from an offset ≡ shift (mod 3): the inner characters are the same wherever the encoding starts.
            yield return Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes[(300 + shift)..(420 + shift)])[4..80]);
        }

        yield return Encoding.ASCII.GetBytes(string.Join(",", weights[100..104].Select(w => w.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
