using System.Globalization;
using ViST.RetinaModel.IO;

namespace ViST.InSilico.Sweeps;

/// <summary>
/// A sweep output folder while conditions are being run: manifest.json and one
/// conditions/cNNNNNN.npy per finished condition, float32 [repeats, frames, cells]. Each condition is
/// persisted the moment it finishes (through a rename), which is what --resume and merge build on.
/// </summary>
public sealed class SweepStore
{
    public string Dir { get; }
    public SweepManifest Manifest { get; }
    readonly long[] _shape;

    SweepStore(string dir, SweepManifest manifest, SweepSpec spec)
    {
        Dir = dir; Manifest = manifest;
        _shape = [spec.Repeats, spec.RecordFrames, manifest.Cells.Count];
    }

    string ConditionsDir => Path.Combine(Dir, "conditions");
    string PathOf(int condition) => Path.Combine(ConditionsDir, "c" + condition.ToString("D6", CultureInfo.InvariantCulture) + ".npy");

    /// <summary>Starts (or with <paramref name="resume"/>, continues) a run in <paramref name="dir"/>. A folder that
    /// already holds a run is only reused with --resume, and only for the same sweep and model.</summary>
    public static SweepStore Create(string dir, SweepSpec spec, SweepManifest manifest, bool resume)
    {
        string existing = Path.Combine(dir, SweepManifest.FileName);
        if (File.Exists(existing))
        {
            if (!resume)
                throw new InvalidDataException($"{dir} already holds a sweep run; pass --resume to continue it, or choose another --out");
            var old = SweepManifest.Read(dir);
            if (old.SweepHash != manifest.SweepHash)
                throw new InvalidDataException($"{dir}: --resume of a different sweep (the folder holds sweep {old.SweepHash[..12]}, this is {manifest.SweepHash[..12]})");
            if (old.ModelHash != manifest.ModelHash)
                throw new InvalidDataException($"{dir}: --resume with a different model ({old.ModelHash} there, {manifest.ModelHash} now)");
            if (old.ShardIndex != manifest.ShardIndex || old.ShardCount != manifest.ShardCount)
                throw new InvalidDataException($"{dir}: --resume with another shard ({old.ShardIndex}/{old.ShardCount} there, {manifest.ShardIndex}/{manifest.ShardCount} now)");
        }
        Directory.CreateDirectory(Path.Combine(dir, "conditions"));
        manifest.Write(dir);
        return new SweepStore(dir, manifest, spec);
    }

    /// <summary>Opens a folder written by <see cref="Create"/> (for merging or finishing).</summary>
    public static SweepStore Open(string dir, SweepSpec spec, SweepManifest manifest) => new(dir, manifest, spec);

    /// <summary>True when the condition's file is there with the expected shape.</summary>
    public bool Has(int condition)
    {
        string p = PathOf(condition);
        if (!File.Exists(p)) return false;
        try { return Npy.Read(p).Shape.SequenceEqual(_shape); }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or NotSupportedException) { return false; }
    }

    public void Save(int condition, float[] responses) =>
        AtomicFile.Write(PathOf(condition), tmp => Npy.Write(tmp, responses, _shape));

    public float[] Load(int condition)
    {
        var a = Npy.Read(PathOf(condition));
        if (!a.Shape.SequenceEqual(_shape))
            throw new InvalidDataException($"{PathOf(condition)}: shape {a.ShapeText}, expected [{string.Join(",", _shape)}]");
        return a.ToFloat32();
    }

    /// <summary>Copies a finished condition from another store (merging shards).</summary>
    public void CopyFrom(SweepStore other, int condition) =>
        AtomicFile.Write(PathOf(condition), tmp => File.Copy(other.PathOf(condition), tmp, overwrite: true));
}
