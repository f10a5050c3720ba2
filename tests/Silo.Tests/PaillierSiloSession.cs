using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Paillier;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Privacy.Paillier;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Silo.Tests;

/// <summary>
/// Drives a paillier campaign over raw HTTP with an independent encoder (not the client's), so the silo and the wire
/// format are tested on their own: weights are encoded as n·round(w·2^f), then the loss, then n, packed and encrypted.
/// </summary>
internal sealed class PaillierSiloSession
{
    public const int ParameterCount = 7850; // logreg 784 → 10
    public const string Spec = "paillier:bits=512,test-keys=true";

    private static readonly Lazy<PaillierKeyPair> s_key = new(() => PaillierKeyPair.GenerateInsecureTestKey(512, new AesCtrRandomSource(new byte[16])));

    public PaillierSiloSession(RunningSilo silo, string id)
    {
        Silo = silo;
        Id = id;
    }

    public static PaillierKeyPair Key => s_key.Value;

    public RunningSilo Silo { get; }

    public string Id { get; }

    public static string Base64(BigInteger n) => Convert.ToBase64String(n.ToByteArray(isUnsigned: true, isBigEndian: true));

    public async Task CreateAsync(int rounds = 1, int minParticipants = 2, string spec = Spec, int timeoutSeconds = 120)
    {
        var response = await Silo.Http.PostAsJsonAsync("/v1/campaigns", new
        {
            id = Id, model = "logreg", rounds, minParticipants, roundTimeoutSeconds = timeoutSeconds, privacy = spec,
        }, RunningSilo.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task<TrainingTask?> NextTaskAsync(string token)
    {
        var response = await Silo.GetAsync($"/v1/campaigns/{Id}/tasks/next?waitSeconds=0", token);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<TrainingTask>(RunningSilo.Json);
    }

    public Task<HttpResponseMessage> PublishAsync(string token, BigInteger n) =>
        SendAsync(HttpMethod.Put, $"/v1/campaigns/{Id}/paillier/public-key", token, JsonContent.Create(new PaillierKeyUpload { Modulus = Base64(n) }));

    public Task<HttpResponseMessage> UploadAsync(string token, int round, byte[] body, string contentType = ApiConventions.OctetStream) =>
        SendAsync(HttpMethod.Put, $"/v1/campaigns/{Id}/rounds/{round}/paillier-update", token, Binary(body, contentType));

    public Task<HttpResponseMessage> SumAsync(string token, int round, int attempt = 1) =>
        SendAsync(HttpMethod.Get, $"/v1/campaigns/{Id}/rounds/{round}/paillier-sum?attempt={attempt}", token, null);

    public Task<HttpResponseMessage> AverageAsync(string token, UpdateBlob average, int attempt = 1) =>
        SendAsync(HttpMethod.Put, $"/v1/campaigns/{Id}/rounds/{average.Round}/paillier-average?attempt={attempt}", token, Binary(TensorWire.EncodeUpdate(average), ApiConventions.OctetStream));

    /// <summary>The integer vector of an update: n·round(w·2^f) per weight, n·round(loss·2^f), n.</summary>
    public static long[] Encode(float[] weights, double loss, long n, PaillierEncoding encoding)
    {
        var values = new long[weights.Length + 2];
        for (var j = 0; j < weights.Length; j++)
        {
            values[j] = n * (long)Math.Round(weights[j] * Math.Pow(2, encoding.FractionBits), MidpointRounding.ToEven);
        }

        values[^2] = n * (long)Math.Round(loss * Math.Pow(2, encoding.FractionBits), MidpointRounding.ToEven);
        values[^1] = n;
        return values;
    }

    public static PaillierBlob Encrypt(long[] values, PaillierTask task, int round, int attempt = 1)
    {
        var packer = new PaillierPacker(Key.PublicKey, task.Encoding.ValueBits, task.Encoding.MaxSummands);
        var ciphertexts = packer.Encrypt(values, new CryptoRandomSource());
        return ToBlob(ciphertexts.Select(c => c.Value).ToArray(), round, attempt);
    }

    public static PaillierBlob ToBlob(BigInteger[] ciphertexts, int round, int attempt = 1)
    {
        var width = Width;
        var bytes = new byte[width * ciphertexts.Length];
        for (var k = 0; k < ciphertexts.Length; k++)
        {
            var length = ciphertexts[k].GetByteCount(isUnsigned: true);
            ciphertexts[k].TryWriteBytes(bytes.AsSpan((k * width) + width - length, length), out _, isUnsigned: true, isBigEndian: true);
        }

        return new PaillierBlob(round, attempt, 1, width, bytes);
    }

    public static int Width => (int)((Key.PublicKey.ModulusSquared.GetBitLength() + 7) / 8);

    /// <summary>Decrypts and unpacks a sum into the slot sums.</summary>
    public static long[] DecryptSums(PaillierBlob sum, PaillierTask task)
    {
        var packer = new PaillierPacker(Key.PublicKey, task.Encoding.ValueBits, task.Encoding.MaxSummands);
        var plaintexts = new BigInteger[sum.Count];
        for (var k = 0; k < sum.Count; k++)
        {
            plaintexts[k] = Key.PrivateKey.Decrypt(new PaillierCiphertext(
                new BigInteger(sum.Ciphertexts.Span.Slice(k * sum.Width, sum.Width), isUnsigned: true, isBigEndian: true)));
        }

        var sums = new long[ParameterCount + 2];
        packer.UnpackSum(plaintexts, sum.Summands, sums);
        return sums;
    }

    private static ByteArrayContent Binary(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Silo.Http.SendAsync(request);
    }
}
