using System.Text.Json;
using System.Text.Json.Serialization;

namespace ViST.RetinaModel.Data.Datasets;

/// <summary>
/// manifest.json of a dataset folder (DESIGN.md "Dataset"). Frames of all movies are concatenated in frames.npy;
/// <see cref="Segments"/> say which frame range is which movie (and its frame duration), and <see cref="Splits"/>
/// name train/test selections of those segments. Example:
/// <code>
/// { "format": "vist-dataset", "version": 1, "name": "dryad-recording2", "frames": 3400, "cells": 49, "trials": 30,
///   "segments": [ { "name": "movie1", "start": 0, "frames": 1800, "frame_ms": 10 }, ... ],
///   "splits": { "cross-movie": { "train": [ { "segment": "movie1" } ], "test": [ { "segment": "movie2" } ] },
///               "within-movie1": { "train": [ { "segment": "movie1", "start": 0, "count": 900 } ],
///                                  "test":  [ { "segment": "movie1", "start": 900 } ] } },
///   "default_split": "cross-movie", "cell_info": [ { "id": 0, "type": "unknown", "x": 180.5, "y": 171.2 } ] }
/// </code>
/// </summary>
public sealed record DatasetManifest
{
    public const string FormatName = "vist-dataset";
    public const int CurrentVersion = 1;

    public string Format { get; init; } = FormatName;
    public int Version { get; init; } = CurrentVersion;
    public string Name { get; init; } = "";
    /// <summary>Where the data came from (free text: files, seeds, options), for people reading the folder.</summary>
    public string Source { get; init; } = "";
    /// <summary>How a synthetic dataset was made (the generator's options and seeds), when it was generated.</summary>
    public System.Text.Json.Nodes.JsonObject? Recipe { get; init; }
    public int Frames { get; init; }
    public int Cells { get; init; }
    /// <summary>Number of repeated trials in trials.npy; 0 when the dataset has no trials.npy.</summary>
    public int Trials { get; init; }
    public List<DatasetSegment> Segments { get; init; } = [];
    public Dictionary<string, DatasetSplitSpec> Splits { get; init; } = [];
    public string? DefaultSplit { get; init; }
    public List<DatasetCell> CellInfo { get; init; } = [];
    /// <summary>Figures worth keeping with the data (e.g. split-half reliability per segment), by name.</summary>
    public Dictionary<string, double> Stats { get; init; } = [];

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,     // "+" stays "+" for human readers
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

/// <summary>One movie: frames [Start, Start+Frames) of frames.npy, each shown for <see cref="FrameMs"/> ms.</summary>
public sealed record DatasetSegment(string Name, int Start, int Frames, double FrameMs, string? Source = null);

/// <summary>A contiguous part of one segment: <see cref="Start"/> is relative to the segment; a missing
/// <see cref="Count"/> runs to the segment's end. Ranges never cross segments, so temporal windows never
/// join two movies.</summary>
public sealed record DatasetRange(string Segment, int Start = 0, int? Count = null);

public sealed record DatasetSplitSpec(List<DatasetRange> Train, List<DatasetRange> Test);

public sealed record DatasetCell(int Id, string Type, double X, double Y);

/// <summary>An absolute frame range of frames.npy, inside one segment.</summary>
public readonly record struct FrameRange(string Segment, int Start, int Count)
{
    public int End => Start + Count;
}

/// <summary>A resolved split: absolute frame ranges to train and to test on.</summary>
public sealed record DatasetSplit(string Name, IReadOnlyList<FrameRange> Train, IReadOnlyList<FrameRange> Test);
