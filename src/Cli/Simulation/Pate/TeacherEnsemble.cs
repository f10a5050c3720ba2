using System.Runtime.InteropServices;
using OrleansFed.Learning;
using OrleansFed.Learning.Autograd;

namespace OrleansFed.Cli.Simulation.Pate;

/// <summary>The teachers of a PATE run: one model per private shard, trained locally and in parallel.</summary>
internal sealed class TeacherEnsemble
{
    private readonly Model[] _models;

    private TeacherEnsemble(Model[] models) => _models = models;

    public int Count => _models.Length;

    /// <summary>Trains one model per shard, <paramref name="threads"/> at a time, each on one thread.</summary>
    public static TeacherEnsemble Train(ModelSpec spec, IReadOnlyList<Dataset> shards, TrainingOptions options, int threads, CancellationToken ct)
    {
        var models = new Model[shards.Count];
        Parallel.For(
            0,
            shards.Count,
            new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct },
            t =>
            {
                var model = Model.Create(spec, options.Seed * 1000 + t);
                LocalTrainer.Train(model, shards[t], options with { Seed = options.Seed * 1000 + t, Threads = 1 }, ct);
                models[t] = model;
            });
        return new TeacherEnsemble(models);
    }

    /// <summary>
    /// Loads the teachers from <paramref name="directory"/> when every teacher's parameter file is there (written by
    /// <see cref="Save"/> for the same key), else returns <see langword="null"/>.
    /// </summary>
    public static TeacherEnsemble? TryLoad(string directory, ModelSpec spec, int teachers)
    {
        var models = new Model[teachers];
        for (int t = 0; t < teachers; t++)
        {
            var path = Path.Combine(directory, $"teacher-{t}.f32");
            if (!File.Exists(path))
            {
                return null;
            }

            var model = Model.Create(spec, seed: 0);
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length != model.ParameterCount * sizeof(float))
            {
                return null;
            }

            model.LoadParameters(MemoryMarshal.Cast<byte, float>(bytes));
            models[t] = model;
        }

        return new TeacherEnsemble(models);
    }

    /// <summary>Writes each teacher's parameters (raw little-endian float32) to <paramref name="directory"/>.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        for (int t = 0; t < _models.Length; t++)
        {
            File.WriteAllBytes(Path.Combine(directory, $"teacher-{t}.f32"), MemoryMarshal.AsBytes(_models[t].GetParameters().AsSpan()).ToArray());
        }
    }

    /// <summary>Each teacher's test accuracy on <paramref name="data"/>.</summary>
    public double[] Evaluate(Dataset data, int threads)
    {
        var accuracies = new double[_models.Length];
        Parallel.For(0, _models.Length, new ParallelOptions { MaxDegreeOfParallelism = threads },
            t => accuracies[t] = LocalTrainer.Evaluate(_models[t], data).Accuracy);
        return accuracies;
    }

    /// <summary>Teacher <paramref name="teacher"/>'s predicted class for each public example in <paramref name="indices"/>.</summary>
    public int[] Predict(int teacher, Dataset publicSet, IReadOnlyList<int> indices) => PredictWith(_models[teacher], publicSet, indices);

    /// <summary>The predicted class of <paramref name="model"/> for each listed example (dropout off).</summary>
    public static int[] PredictWith(Model model, Dataset data, IReadOnlyList<int> indices)
    {
        int features = data.FeatureCount;
        var rows = new float[indices.Count * features];
        for (int i = 0; i < indices.Count; i++)
        {
            data.Features(indices[i]).CopyTo(rows.AsSpan(i * features, features));
        }

        var tape = new Tape(1, recordGradients: false);
        bool wasTraining = model.Network.Training;
        model.Network.Training = false;
        try
        {
            var logits = model.Forward(tape, rows, indices.Count).Data;
            int classes = model.Spec.Classes;
            var labels = new int[indices.Count];
            for (int i = 0; i < labels.Length; i++)
            {
                var row = logits.Slice(i * classes, classes);
                int best = 0;
                for (int c = 1; c < classes; c++)
                {
                    if (row[c] > row[best])
                    {
                        best = c;
                    }
                }

                labels[i] = best;
            }

            return labels;
        }
        finally
        {
            model.Network.Training = wasTraining;
        }
    }
}
