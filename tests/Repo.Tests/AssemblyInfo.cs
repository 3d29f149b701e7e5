// The checks run shell scripts (bash, the launchers): Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
