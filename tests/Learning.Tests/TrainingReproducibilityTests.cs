using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Learning.Tests;

/// <summary>
/// Local training depends only on its inputs: not on what the process trained before (pooled buffers) nor on whether
/// the model object is fresh or was trained before, as a participant's cached model is from round to round.
/// </summary>
public sealed class TrainingReproducibilityTests
{
    private static readonly Dataset Shard = SyntheticData.Create(6000, 10, 784, 10, seed: 4).Train;

    [Fact]
    public void Earlier_training_in_the_process_does_not_change_a_run()
    {
        float[] start = Model.Create(ModelSpec.Parse("mlp"), seed: 3).GetParameters();
        var other = SyntheticData.Create(5000, 10, 784, 10, seed: 5).Train;

        float[] first = Train(Model.Create(ModelSpec.Parse("mlp"), seed: 0), start, Shard, seed: 1);
        Train(Model.Create(ModelSpec.Parse("mlp"), seed: 0), start, other, seed: 7);
        Train(Model.Create(ModelSpec.Parse("mlp"), seed: 0), start, other, seed: 8);
        float[] second = Train(Model.Create(ModelSpec.Parse("mlp"), seed: 0), start, Shard, seed: 1);

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_reused_model_trains_like_a_fresh_one()
    {
        float[] start = Model.Create(ModelSpec.Parse("mlp"), seed: 3).GetParameters();
        Model reused = Model.Create(ModelSpec.Parse("mlp"), seed: 0);
        float[] next = Train(reused, start, Shard, seed: 1);
        for (int i = 0; i < next.Length; i++)
        {
            next[i] *= 0.9f;
        }

        float[] again = Train(reused, next, Shard, seed: 2);
        float[] fresh = Train(Model.Create(ModelSpec.Parse("mlp"), seed: 0), next, Shard, seed: 2);

        Assert.Equal(fresh, again);
        Assert.NotEqual(next, again);
    }

    private static float[] Train(Model model, float[] start, Dataset data, int seed)
    {
        model.LoadParameters(start);
        LocalTrainer.Train(model, data, new TrainingOptions(1, 64, 0.05f, seed));
        return model.GetParameters();
    }
}
