using System.Text.Json;
using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Learning.Tests;

public sealed class ModelTests
{
    [Fact]
    public void Named_specs_have_the_expected_sizes()
    {
        Assert.Equal((784, 10), (ModelSpec.Parse("mlp").InputSize, ModelSpec.Parse("mlp").Classes));
        Assert.Equal(784, ModelSpec.Cnn().InputSize);
        Assert.Equal([1, 28, 28], ModelSpec.Cnn().InputShape);
        Assert.Equal(ModelSpec.LogisticRegression(), ModelSpec.Parse(" LogReg "));
        Assert.Throws<ArgumentException>(() => ModelSpec.Parse("resnet"));
    }

    [Fact]
    public void Specs_round_trip_through_json_with_value_equality()
    {
        foreach (ModelSpec spec in new[] { ModelSpec.LogisticRegression(20, 3), ModelSpec.Mlp(), ModelSpec.Cnn() })
        {
            string json = JsonSerializer.Serialize(spec);
            ModelSpec back = JsonSerializer.Deserialize<ModelSpec>(json)!;
            Assert.Equal(spec, back);
            Assert.Equal(spec.GetHashCode(), back.GetHashCode());
        }

        Assert.NotEqual(ModelSpec.Mlp(hidden: 64), ModelSpec.Mlp());
    }

    [Fact]
    public void Specs_whose_layers_do_not_chain_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ModelSpec("bad", [784], [LayerSpec.Linear(700, 10)]));
        Assert.Throws<ArgumentException>(() => new ModelSpec("bad", [1, 28, 28], [LayerSpec.Conv2d(1, 4, 3)]));
        Assert.Throws<ArgumentException>(() => new ModelSpec("bad", [4], []));
        Assert.Throws<ArgumentException>(() => new ModelSpec("bad", [4], [new LayerSpec { Kind = "mystery" }]));
    }

    [Fact]
    public void Mlp_has_the_parameter_count_of_784_128_10()
    {
        Model model = Model.Create(ModelSpec.Mlp(), seed: 1);
        Assert.Equal((784 * 128) + 128 + (128 * 10) + 10, model.ParameterCount);
        Assert.Equal(7850, Model.Create(ModelSpec.LogisticRegression(), 1).ParameterCount);
    }

    [Fact]
    public void Initialisation_is_reproducible_and_uses_the_pytorch_bound()
    {
        float[] a = Model.Create(ModelSpec.Mlp(), seed: 4).GetParameters();
        float[] b = Model.Create(ModelSpec.Mlp(), seed: 4).GetParameters();
        float[] c = Model.Create(ModelSpec.Mlp(), seed: 5).GetParameters();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        float bound = 1f / MathF.Sqrt(784);
        Assert.All(a.AsSpan(0, 784 * 128).ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.True(a.AsSpan(0, 784 * 128).ToArray().Max() > 0.9f * bound);
    }

    [Fact]
    public void Parameters_flatten_and_load_back()
    {
        Model model = Model.Create(ModelSpec.Mlp(10, 6, 3), seed: 1);
        float[] values = Enumerable.Range(0, model.ParameterCount).Select(i => i * 0.5f).ToArray();
        model.LoadParameters(values);
        Assert.Equal(values, model.GetParameters());
        float[] larger = new float[model.ParameterCount + 3];
        model.CopyParametersTo(larger);
        Assert.Equal(values, larger.AsSpan(0, model.ParameterCount).ToArray());
        Assert.Throws<ArgumentException>(() => model.LoadParameters(new float[model.ParameterCount - 1]));
        Assert.Throws<ArgumentException>(() => model.CopyParametersTo(new float[model.ParameterCount - 1]));
    }
}
