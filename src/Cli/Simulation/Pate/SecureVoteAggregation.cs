using System.Collections.Immutable;
using OrleansFed.Interfaces.Pate;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Cli.Simulation.Pate;

/// <summary>
/// Combines the teachers' one-hot votes on one query batch under secure aggregation (Bonawitz et al.; SecAgg+ when a
/// neighbour degree is set). Each teacher encodes its votes as one uint32 vector of queries × classes (1 at its class,
/// 0 elsewhere), masks it, and the silo's server unmasks only the sum: the per-query histograms of the surviving cohort,
/// submitted to the vote tally as one aggregated <see cref="VoteContribution"/>. The server never holds a teacher's
/// vector in the clear — only masked vectors and the sum.
/// </summary>
internal static class SecureVoteAggregation
{
    /// <summary>The session threshold: a strict majority of the teachers (at least 2).</summary>
    public static int Threshold(int teachers, int degree) =>
        Math.Max(2, degree == 0 ? teachers / 2 + 1 : Math.Min(teachers, degree + 1) / 2 + 1);

    /// <summary>Runs one session over the votes and returns the aggregated contribution.</summary>
    /// <param name="sessionId">A session id unique to the batch (masks are bound to it).</param>
    /// <param name="teacherIds">Teacher ids; party i + 1 is teacher i.</param>
    /// <param name="votes">votes[t][i]: teacher t's class for query i of the batch.</param>
    /// <param name="queryIds">The batch's query ids.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="degree">SecAgg+ neighbour degree (0: every pair of teachers shares a mask).</param>
    public static VoteContribution Aggregate(
        string sessionId, IReadOnlyList<string> teacherIds, IReadOnlyList<int[]> votes, IReadOnlyList<int> queryIds, int classes, int degree)
    {
        int n = teacherIds.Count;
        int length = queryIds.Count * classes;
        var parameters = new SecureAggregationParameters(sessionId, length, Threshold(n, degree), degree);
        using var server = new SecureAggregationServer(parameters);
        var clients = new SecureAggregationClient[n];
        try
        {
            for (int t = 0; t < n; t++)
            {
                clients[t] = new SecureAggregationClient(t + 1, parameters);
                server.ReceiveAdvertisement(clients[t].AdvertiseKeys());
            }

            var roster = server.CloseAdvertisement();
            var shares = new ShareKeysMessage[n];
            Parallel.For(0, n, t => shares[t] = clients[t].ShareKeys(roster));
            foreach (var message in shares)
            {
                server.ReceiveShares(message);
            }

            var sharing = server.CloseShareKeys();
            var masked = new MaskedInputMessage[sharing.Count];
            Parallel.For(0, sharing.Count, i =>
            {
                int t = sharing[i] - 1;
                masked[i] = clients[t].MaskInput(server.ForwardedSharesFor(t + 1), OneHot(votes[t], classes));
            });
            foreach (var message in masked)
            {
                server.ReceiveMaskedInput(message);
            }

            var request = server.CloseMaskedInput();
            foreach (int party in request.Survivors)
            {
                server.ReceiveUnmasking(clients[party - 1].Unmask(request));
            }

            var result = server.Finish();
            return ToContribution(result, teacherIds, queryIds, classes);
        }
        finally
        {
            foreach (var client in clients)
            {
                client?.Dispose();
            }
        }
    }

    /// <summary>Teacher-side encoding: the concatenated one-hot vectors of its votes.</summary>
    public static uint[] OneHot(IReadOnlyList<int> labels, int classes)
    {
        var vector = new uint[labels.Count * classes];
        for (int i = 0; i < labels.Count; i++)
        {
            vector[(i * classes) + labels[i]] = 1;
        }

        return vector;
    }

    /// <summary>Silo-side decoding of the unmasked sum into per-query histograms naming the contributing teachers.</summary>
    public static VoteContribution ToContribution(AggregationResult result, IReadOnlyList<string> teacherIds, IReadOnlyList<int> queryIds, int classes)
    {
        var sum = result.Sum.Span;
        if (sum.Length != queryIds.Count * classes)
        {
            throw new InvalidOperationException($"The aggregate has {sum.Length} elements; expected {queryIds.Count * classes}.");
        }

        var queries = ImmutableArray.CreateBuilder<QueryVotes>(queryIds.Count);
        for (int i = 0; i < queryIds.Count; i++)
        {
            var counts = new int[classes];
            for (int c = 0; c < classes; c++)
            {
                uint value = sum[(i * classes) + c];
                counts[c] = value <= (uint)teacherIds.Count
                    ? (int)value
                    : throw new InvalidOperationException($"Aggregated count {value} exceeds the {teacherIds.Count} teachers.");
            }

            queries.Add(new QueryVotes(queryIds[i], ImmutableArray.Create(counts)));
        }

        var teachers = result.Contributors.Select(party => teacherIds[party - 1]).ToImmutableArray();
        return new VoteContribution(teachers, queries.MoveToImmutable());
    }
}
