using System;
using System.Collections.Generic;

namespace VivgridPS.Tools
{
    /// <summary>
    /// Parameters every cmdlet/advanced function has. They are never offered to the model: a model must not be
    /// able to set -ErrorAction, -OutVariable or -WhatIf of a command the user allowed.
    /// </summary>
    internal static class CommonParameterNames
    {
        public static readonly HashSet<string> All = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction",
            "ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer",
            "PipelineVariable", "WhatIf", "Confirm", "UseTransaction",
        };
    }
}
