using System.Text.Json;
using System.Text.Json.Serialization;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Head;

namespace ViST.RetinaModel.Bundles;

/// <summary>manifest.json of a model bundle (DESIGN.md "Model bundle").</summary>
public sealed record BundleManifest(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("cells")] int Cells,
    [property: JsonPropertyName("grid")] int Grid,
    [property: JsonPropertyName("backbone")] BackboneSpec Backbone,
    [property: JsonPropertyName("head")] HeadConfig Head,
    [property: JsonPropertyName("files")] Dictionary<string, string> Files,
    [property: JsonPropertyName("provenance")] Dictionary<string, string> Provenance,
    [property: JsonPropertyName("metrics")] Dictionary<string, double> Metrics,
    [property: JsonPropertyName("created_utc")] DateTime CreatedUtc)
{
    /// <summary>The bundle's retina scorecard (`vist-train scorecard`), when it was scored at export.</summary>
    [JsonPropertyName("scorecard")] public System.Text.Json.Nodes.JsonObject? Scorecard { get; init; }

    public const string CurrentFormat = "vist-bundle/1";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // A manifest is read by people, never embedded in HTML: quotes inside the provenance's JSON strings stay \"
        // instead of \u0022, and "+" in backbone names stays "+".
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>One entry of cells.json.</summary>
internal sealed record CellEntry(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("center_x")] double CenterX,
    [property: JsonPropertyName("center_y")] double CenterY);
