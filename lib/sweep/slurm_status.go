package sweep

import (
	"context"
	"strconv"
	"strings"
)

// activeStates are the Slurm job states of a task that may still write
// its point.
var activeStates = map[string]bool{"PENDING": true, "RUNNING": true, "CONFIGURING": true,
	"COMPLETING": true, "SUSPENDED": true, "REQUEUED": true, "RESIZING": true, "SIGNALING": true, "STAGE_OUT": true}

// Active reports whether the point's Slurm task is queued or running.
func (p PointProgress) Active() bool { return activeStates[p.JobState] }

// Status reads the sweep's files and, when it was submitted to Slurm, the
// state of each point's latest array task from squeue, then sacct (or
// scontrol when the cluster keeps no accounting).
func Status(ctx context.Context, dir string, m *Manifest) (Progress, error) {
	p := ReadProgress(dir, m)
	subs, err := Submissions(dir)
	if err != nil || len(subs) == 0 {
		return p, err
	}
	latest := map[int]string{} // index → job id of its latest submission
	var ids []string
	for _, s := range subs {
		ids = append(ids, s.JobID)
		for _, i := range s.Indices {
			latest[i] = s.JobID
		}
	}
	states, err := taskStates(ctx, ids)
	for k := range p.Points {
		pt := &p.Points[k]
		job, ok := latest[pt.Index]
		if !ok {
			continue
		}
		pt.Job = job + "_" + strconv.Itoa(pt.Index)
		st, ok := states[pt.Job]
		if !ok {
			st = states[job+"_*"]
		}
		pt.JobState = st
	}
	return p, err
}

// taskStates maps array task ids ("12_3") to their state.
func taskStates(ctx context.Context, ids []string) (map[string]string, error) {
	states := map[string]string{}
	jobs := strings.Join(ids, ",")
	out, err := slurmCommand(ctx, "squeue", "-h", "-r", "-j", jobs, "-o", "%i|%T")
	if err != nil && !strings.Contains(err.Error(), "Invalid job id") {
		return states, err
	}
	parseStates(states, out, "|")
	if out, err := slurmCommand(ctx, "sacct", "-n", "-P", "-X", "-j", jobs, "-o", "JobID,State"); err == nil {
		parseStates(states, out, "|")
		return states, nil
	}
	// No accounting: scontrol still knows jobs that ended within MinJobAge.
	for _, id := range ids {
		out, err := slurmCommand(ctx, "scontrol", "-o", "show", "job", id)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(out, "\n") {
			f := fields(line)
			if f["ArrayJobId"] == "" || f["ArrayTaskId"] == "" {
				continue
			}
			task := f["ArrayJobId"] + "_" + f["ArrayTaskId"]
			if _, err := strconv.ParseUint(f["ArrayTaskId"], 10, 31); err != nil {
				// the array's record of tasks that never started
				// (cancelled while pending): it stands for the rest
				task = f["ArrayJobId"] + "_*"
			}
			if _, known := states[task]; !known {
				states[task] = f["JobState"]
			}
		}
	}
	return states, nil
}

// parseStates reads "ID|STATE" lines; squeue's live answer wins over
// accounting's, which may lag.
func parseStates(dst map[string]string, out, sep string) {
	for _, line := range strings.Split(out, "\n") {
		id, st, ok := strings.Cut(strings.TrimSpace(line), sep)
		if !ok || strings.ContainsAny(id, "[") {
			continue
		}
		st, _, _ = strings.Cut(st, " ") // "CANCELLED by 0"
		if _, known := dst[id]; !known {
			dst[id] = st
		}
	}
}

func fields(line string) map[string]string {
	f := map[string]string{}
	for _, w := range strings.Fields(line) {
		if k, v, ok := strings.Cut(w, "="); ok {
			f[k] = v
		}
	}
	return f
}

// ToResubmit returns the points that are not complete and whose Slurm
// task is neither queued nor running: failed, cancelled, preempted, timed
// out, or never submitted.
func (p Progress) ToResubmit() []int {
	var idx []int
	for _, pt := range p.Points {
		if !pt.State.Complete() && !pt.Active() {
			idx = append(idx, pt.Index)
		}
	}
	return idx
}

// Active reports whether any point's Slurm task is queued or running.
func (p Progress) Active() bool {
	for _, pt := range p.Points {
		if pt.Active() {
			return true
		}
	}
	return false
}
