using ViST.Simulator.Loop;

namespace ViST.Simulator.Controllers;

/// <summary>
/// A closed-loop experiment: it sees the rates of every frame and changes the stimulus in response. Changes are
/// events like any other (queued for the next frame boundary, recorded, replayable). Each post returns the frame
/// the change took effect at (the pipeline puts a frame or two between "posted" and "shown"), so a controller
/// can attribute the responses that follow to the right stimulus.
/// </summary>
public interface IClosedLoopController
{
    string Name { get; }
    void Start(RunInfo info, ControllerOutput output);
    void Observe(FrameResult frame);
}

/// <summary>What a controller may do to the run; every event is stamped with origin "controller:NAME".</summary>
public sealed class ControllerOutput(EventQueue events, string name)
{
    readonly string _origin = "controller:" + name;

    public Task<long> SetParam(string layer, string param, string valueJson) => events.Post(SimEvent.SetParam(layer, param, valueJson, _origin));
    public Task<long> Note(string json) => events.Post(SimEvent.Note(json, _origin));
}

/// <summary>Runs a controller as one of the loop's sinks.</summary>
public sealed class ControllerSink(IClosedLoopController controller, EventQueue events) : IFrameSink
{
    public void Start(RunInfo info) => controller.Start(info, new ControllerOutput(events, controller.Name));
    public void OnFrame(FrameResult frame) => controller.Observe(frame);
}
