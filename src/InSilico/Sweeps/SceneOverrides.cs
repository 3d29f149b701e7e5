using System.Text.Json.Nodes;

namespace ViST.InSilico.Sweeps;

/// <summary>Addresses scene parameters the way sweeps name them: "layer_id.param" for a layer's parameter,
/// or a bare key ("background", "seed") for a scene-level one. Only parameters the base scene states can be
/// swept, so a typo is an error rather than a silently ignored key.</summary>
public static class SceneOverrides
{
    /// <summary>Throws (through <paramref name="bad"/>) unless <paramref name="address"/> names a parameter of the scene.</summary>
    public static void Check(JsonObject scene, string address, Func<string, Exception> bad) => Locate(scene, address, bad);

    public static void Set(JsonObject scene, string address, JsonNode value)
    {
        var (owner, key) = Locate(scene, address, m => new InvalidOperationException(m));
        owner[key] = value.DeepClone();
    }

    static (JsonObject Owner, string Key) Locate(JsonObject scene, string address, Func<string, Exception> bad)
    {
        int dot = address.IndexOf('.');
        if (dot < 0)
        {
            if (address == "layers" || !scene.ContainsKey(address))
                throw bad($"unknown parameter '{address}': the scene has no top-level key '{address}' " +
                          $"(scene keys: {string.Join(", ", scene.Select(kv => kv.Key).Where(k => k != "layers"))}; " +
                          "layer parameters are written \"layer_id.param\")");
            return (scene, address);
        }
        string id = address[..dot], key = address[(dot + 1)..];
        var layers = (scene["layers"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var layer = layers.FirstOrDefault(l => l["id"] is JsonValue v && v.TryGetValue<string>(out var s) && s == id);
        if (layer == null)
            throw bad($"unknown parameter '{address}': no layer with id '{id}' " +
                      $"(layer ids: {string.Join(", ", layers.Select(l => l["id"]?.ToString() ?? "(none)"))})");
        if (key is "id" or "type" || !layer.ContainsKey(key))
            throw bad($"unknown parameter '{address}': layer '{id}' has no parameter '{key}' " +
                      $"(it has: {string.Join(", ", layer.Select(kv => kv.Key).Where(k => k is not ("id" or "type")))}); " +
                      "state it in the base scene to sweep it");
        return (layer, key);
    }
}
