using System.Text.Json;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Display;

/// <summary>What a key in the live window does.</summary>
public enum LiveAction { NextParam, PreviousParam, StepUp, StepDown, PauseResume, Mark, Solo, NextCell, PreviousCell, Screenshot, Quit }

/// <summary>
/// The live window's keyboard: GLFW key codes to actions, and actions to the events they post. Events go through
/// the loop's queue like control-socket requests (origin "keyboard"), so they take effect at a frame boundary and
/// are recorded with their frame; selecting a parameter or a cell only changes what the window shows.
/// </summary>
public static class LiveKeys
{
    public const int KeySpace = 32, KeyM = 77, KeyP = 80, KeyS = 83, KeyLeftBracket = 91, KeyRightBracket = 93;
    public const int KeyEscape = 256, KeyTab = 258, KeyRight = 262, KeyLeft = 263, KeyDown = 264, KeyUp = 265;
    public const int ModShift = 0x1;
    public const string Origin = "keyboard";

    /// <summary>One line per key for the window's help strip.</summary>
    public static readonly string[] Help = ["TAB/SHIFT+TAB PARAM  UP/DOWN STEP  SPACE PAUSE", "M MARK  [ ] CELL  S SOLO  P PNG  ESC QUIT"];

    public static LiveAction? ActionOf(int key, int mods) => key switch
    {
        KeyTab => (mods & ModShift) != 0 ? LiveAction.PreviousParam : LiveAction.NextParam,
        KeyUp => LiveAction.StepUp,
        KeyDown => LiveAction.StepDown,
        KeySpace => LiveAction.PauseResume,
        KeyM => LiveAction.Mark,
        KeyS => LiveAction.Solo,
        KeyRightBracket or KeyRight => LiveAction.NextCell,
        KeyLeftBracket or KeyLeft => LiveAction.PreviousCell,
        KeyP => LiveAction.Screenshot,
        KeyEscape => LiveAction.Quit,
        _ => null,
    };

    /// <summary>The event an action posts, or null for actions that stay in the window (selection, screenshot,
    /// quit) and for a step with no parameter selected.</summary>
    /// <param name="selected">The parameter Up/Down change.</param>
    /// <param name="paused">Whether the loop is paused now (Space toggles).</param>
    /// <param name="cell">The cell in focus (S solos it).</param>
    /// <param name="soloed">The cell soloed now, if any (S on it again ends the solo).</param>
    public static SimEvent? EventFor(LiveAction action, TunableParam? selected, bool paused, int cell, int? soloed) => action switch
    {
        LiveAction.StepUp or LiveAction.StepDown when selected is { } p =>
            SimEvent.SetParam(p.Layer, p.Name, JsonSerializer.Serialize(p.Stepped(action == LiveAction.StepUp ? 1 : -1)), Origin),
        LiveAction.PauseResume => paused ? SimEvent.Resume(Origin) : SimEvent.Pause(Origin),
        LiveAction.Mark => SimEvent.Mark("key M", Origin),
        LiveAction.Solo => SimEvent.Note(SoloNote(soloed == cell ? [] : [cell]), Origin),
        _ => null,
    };

    /// <summary>The note that solos cells for the sound (an empty list ends the solo): {"solo": [12]}.</summary>
    public static string SoloNote(int[] cells) => JsonSerializer.Serialize(new { solo = cells });

    /// <summary>The cells a solo note names, or null if the note is about something else.</summary>
    public static int[]? SoloCells(SimEvent e)
    {
        if (e.Kind != SimEventKind.Note || e.Json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(e.Json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("solo", out var s)
                && s.ValueKind == JsonValueKind.Array && s.EnumerateArray().All(x => x.TryGetInt32(out _))
                ? s.EnumerateArray().Select(x => x.GetInt32()).ToArray() : null;
        }
        catch (JsonException) { return null; }
    }
}
