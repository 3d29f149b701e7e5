using System.Globalization;
using ViST.Renderer.Scenes;

namespace ViST.Simulator.Dashboard;

/// <summary>
/// The inspector's changes to a scene's structure, as pure functions from one scene to the next: add, remove and
/// move layers, set the seed or the background. The run then loads the result as a whole (load_scene), so these
/// changes take effect at a frame boundary and are recorded like any other. Errors are
/// <see cref="ArgumentException"/>s that say what was wrong (the parameter specs check every value).
/// </summary>
public static class SceneEdits
{
    /// <summary>A new layer of <paramref name="type"/> with <paramref name="parameters"/> (the rest take their
    /// defaults), drawn above the others unless <paramref name="at"/> says where, with a fresh id ("spot2") so it can
    /// be addressed whatever its position.</summary>
    public static Scene AddLayer(Scene scene, string type, IEnumerable<(string Name, object? Value)> parameters, int? at = null)
    {
        int index = at ?? scene.Layers.Length;
        if (index < 0 || index > scene.Layers.Length) throw new ArgumentException($"position {index}: a layer goes at 0..{scene.Layers.Length}");
        var layer = Layer.Create(type, FreshId(scene, type), 0, null, parameters, null, null);
        return new Scene(scene.Seed, scene.Background, scene.Layers.Insert(index, layer));
    }

    public static Scene RemoveLayer(Scene scene, int index)
    {
        CheckIndex(scene, index);
        return new Scene(scene.Seed, scene.Background, scene.Layers.RemoveAt(index));
    }

    /// <summary>Moves layer <paramref name="from"/> to position <paramref name="to"/> (0 is drawn first, at the bottom).</summary>
    public static Scene MoveLayer(Scene scene, int from, int to)
    {
        CheckIndex(scene, from);
        CheckIndex(scene, to);
        var layer = scene.Layers[from];
        return new Scene(scene.Seed, scene.Background, scene.Layers.RemoveAt(from).Insert(to, layer));
    }

    /// <summary>Sets a field of the scene itself: "seed" (an integer) or "background" (a luminance in [0, 1]).</summary>
    public static Scene SetField(Scene scene, string name, object? value)
    {
        switch (name)
        {
            case "seed": return scene.WithSeed((long)SceneJson.SeedSpec.Coerce(value));
            case "background": return scene.WithBackground((double)SceneJson.BackgroundSpec.Coerce(value));
            default:
                throw new ArgumentException($"{name}: not a field of the scene (its fields are seed and background; layer parameters are set with set_param)");
        }
    }

    static void CheckIndex(Scene scene, int index)
    {
        if (index < 0 || index >= scene.Layers.Length)
            throw new ArgumentException(scene.Layers.Length == 0 ? $"layer {index}: the scene has no layers" : $"layer {index}: the scene's layers are 0..{scene.Layers.Length - 1}");
    }

    static string FreshId(Scene scene, string type)
    {
        var taken = scene.Layers.Select(l => l.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (!taken.Contains(type)) return type;
        for (int n = 2; ; n++)
        {
            string id = type + n.ToString(CultureInfo.InvariantCulture);
            if (!taken.Contains(id)) return id;
        }
    }
}
