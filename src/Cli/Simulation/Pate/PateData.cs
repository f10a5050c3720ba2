using OrleansFed.Learning;

namespace OrleansFed.Cli.Simulation.Pate;

/// <summary>
/// The data of a PATE run: disjoint teacher shards of the training set (a seeded IID split),
/// the unlabeled public slice (the first <see cref="PateSettings.PublicSize"/> test examples, whose labels are used only
/// to score the released labels) and the evaluation slice (the rest of the test set).
/// </summary>
internal sealed class PateData
{
    private PateData(Dataset[] shards, Dataset publicSet, Dataset evaluation)
    {
        Shards = shards;
        Public = publicSet;
        Evaluation = evaluation;
    }

    public Dataset[] Shards { get; }

    public Dataset Public { get; }

    public Dataset Evaluation { get; }

    public static PateData Create(Dataset train, Dataset test, int teachers, int shardSize, int publicSize, int seed)
    {
        if ((long)teachers * shardSize > train.Count)
        {
            throw new UsageException($"{teachers} teachers × {shardSize} examples exceed the {train.Count} training examples.");
        }

        if (publicSize >= test.Count)
        {
            throw new UsageException($"--public-size {publicSize} leaves no test examples for evaluation (test set: {test.Count}).");
        }

        // The seeded IID partitioner cuts a permutation of the training set into disjoint parts; each shard is the
        // first shardSize examples of its part.
        int[][] parts = Partitioners.Parse("iid").Split(train, teachers, seed);
        var shards = new Dataset[teachers];
        for (int t = 0; t < teachers; t++)
        {
            shards[t] = train.Subset(parts[t].AsSpan(0, shardSize));
        }

        int[] publicIndices = Enumerable.Range(0, publicSize).ToArray();
        int[] evaluationIndices = Enumerable.Range(publicSize, test.Count - publicSize).ToArray();
        return new PateData(shards, test.Subset(publicIndices), test.Subset(evaluationIndices));
    }
}
