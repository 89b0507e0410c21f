#!/usr/bin/env python3
"""Writes the recordings the reader and import tests open, from fixed seeds.

Re-run from this folder after changing it (PyPI: numpy, h5py, pynwb, scipy, hdf5storage):

    cd Tests/LintelRecordingsTests/Fixtures && python3 make_fixtures.py

The "reaching" session (a centre-out task; the spec both the readers and `lintel import` test
against): 8 directions x 30 trials in a shuffled order, 16 units (ids 101..116) whose Poisson
spikes are drawn by thinning from known rates

    r_u(d, t) = b_u + g_u cos(theta_d - p_u) exp(-(t - 0.1)^2 / (2 * 0.25^2))

(t in s from the trial's move_time). Spike times are stamped on a 32.768 kHz clock, as some
acquisition systems do: multiples of 2^-15 s are exact in binary, so the files compress well.

Files:
  reaching.nwb              NWB 2.x (pynwb): units table (spike_times, spike_times_index, id,
                            location, preferred_deg) and trials table, spike times deflated.
  reaching.h5               plain HDF5 (h5py) in NWB's table layout: /units/spike_times,
                            /units/spike_times_index, /units/id, /trials/<column>.
  reaching.mat              MATLAB v5 (scipy.io.savemat): `trials`, a 1x240 struct array with
                            the trials columns as scalar fields and `spikes`, a 1x16 cell of
                            spike-time vectors; `units`, a scalar struct with `id` and `location`.
  reaching_v73.mat          MATLAB v7.3 (hdf5storage) of the first 40 trials; spikes per trial
                            as a 16 x K matrix padded with NaN (one row per unit).
  binned.mat                MATLAB v5: `counts` (units x bins x trials) of the first 24 trials,
                            10 ms bins from -800 to +400 ms around move_time, named by
                            `counts_dims`, with `counts_bin_ms` and `counts_unit`, and `trials`
                            (direction, move_time) for those trials.
  series.nwb                NWB with two TimeSeries and no units: rates under /processing
                            (starting_time + rate) and a current under /acquisition (timestamps).
  tiny.nwb                  3 units, 6 trials, a text trials column ("outcome").
  reaching_known_rates.npz  rates (8 directions ascending, 120 bins, 16 units) at bin centres
                            -795, -785, ..., +395 ms; time_ms (120,); directions (8,).
  reference.npz             what the readers must return, written by numpy alone (independent of
                            HDF5 and MATLAB): spike ticks and their index, unit columns, trials
                            columns, the binned counts and the series.
Malformed (each must be refused with one line):
  truncated.nwb             tiny.nwb cut in half.
  bad_index.nwb             tiny.nwb with spike_times_index pointing past the end of spike_times.
  descending_index.nwb      tiny.nwb with spike_times_index going down.
  short_column.h5           a trials column with fewer values than start_time.
  huge.h5                   /units/spike_times declaring 10^12 values (chunked, never written).
  no_tables.h5              an HDF5 file with one array and no units or trials.
  faulting.nwb              NOT written by this script: a byte-mutated copy of series.nwb, found
                            by mutating fixtures at random, on which libhdf5 1.10.8 itself faults
                            (a corrupted global-heap reference read in H5HG_read). Kept as it is.
  no_trials.mat             a .mat with a matrix and a string, no struct of trials.
"""

import datetime
import os

import h5py
import hdf5storage
import numpy as np
import scipy.io
from hdmf.backends.hdf5.h5_utils import H5DataIO
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.misc import Units

CLOCK_HZ = 32768
DIRECTIONS_DEG = np.arange(8) * 45.0
TRIALS_PER_DIRECTION = 30
UNIT_IDS = np.arange(101, 117)
SESSION_START = datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.timezone.utc)


def known_rate(base, gain, preferred, direction_deg, t):
    """r_u(d, t) for t in s relative to movement onset; broadcasts."""
    theta = np.deg2rad(direction_deg)
    return base + gain * np.cos(theta - preferred) * np.exp(-((t - 0.1) ** 2) / (2 * 0.25**2))


def make_session():
    rng = np.random.default_rng(20)
    trial_count = len(DIRECTIONS_DEG) * TRIALS_PER_DIRECTION
    direction = DIRECTIONS_DEG[rng.permutation(np.repeat(np.arange(8), TRIALS_PER_DIRECTION))]
    preferred = rng.uniform(0, 2 * np.pi, len(UNIT_IDS))
    base = rng.uniform(30, 45, len(UNIT_IDS))
    gain = rng.uniform(20, 30, len(UNIT_IDS))
    start = 1.5 * np.arange(trial_count)
    trials = {
        "start_time": start,
        "stop_time": start + 1.5,
        "target_on_time": start + 0.2,
        "move_time": start + 0.9 + rng.uniform(0, 0.1, trial_count),
        "direction": direction,
        "cos_dir": np.cos(np.deg2rad(direction)),
        "sin_dir": np.sin(np.deg2rad(direction)),
    }
    # spikes[k][u]: unit u's spike times in trial k, by thinning a rate-(b + g) Poisson process.
    spikes = []
    for k in range(trial_count):
        per_unit = []
        for u in range(len(UNIT_IDS)):
            peak = base[u] + gain[u]
            candidates = np.sort(rng.uniform(start[k], start[k] + 1.5, rng.poisson(peak * 1.5)))
            rate = known_rate(base[u], gain[u], preferred[u], direction[k], candidates - trials["move_time"][k])
            kept = candidates[rng.uniform(0, peak, len(candidates)) < rate]
            per_unit.append(np.unique(np.floor(kept * CLOCK_HZ)) / CLOCK_HZ)
        spikes.append(per_unit)
    units = {
        "location": np.array(["M1" if u % 2 == 0 else "PMd" for u in range(len(UNIT_IDS))]),
        "preferred_deg": np.rad2deg(preferred),
    }
    return trials, spikes, units, (base, gain, preferred)


def spike_train(spikes, unit, trials=None):
    chosen = spikes if trials is None else spikes[:trials]
    return np.concatenate([trial[unit] for trial in chosen])


def ragged(spikes, unit_count, trials=None):
    """(all spike times unit after unit, the end index of each unit), NWB's ragged layout."""
    trains = [spike_train(spikes, u, trials) for u in range(unit_count)]
    return np.concatenate(trains), np.cumsum([len(t) for t in trains])


def write_nwb(path, trials, spikes, units, unit_ids, cache_spec=True, extra_trials=None):
    nwb = NWBFile(
        session_description="centre-out reaching, Poisson spikes from known rates",
        identifier="lintel-fixture-" + os.path.basename(path),
        session_start_time=SESSION_START,
        file_create_date=[SESSION_START],
    )
    for name in trials:
        if name not in ("start_time", "stop_time"):
            nwb.add_trial_column(name=name, description=name.replace("_", " "))
    for name in extra_trials or {}:
        nwb.add_trial_column(name=name, description=name)
    for k in range(len(trials["start_time"])):
        row = {name: values[k] for name, values in trials.items()}
        row.update({name: values[k] for name, values in (extra_trials or {}).items()})
        nwb.add_trial(**row)
    table = Units(name="units", description="sorted units")
    table.add_column("location", "recording area")
    table.add_column("preferred_deg", "preferred direction (degrees)")
    for u, unit_id in enumerate(unit_ids):
        table.add_unit(
            id=int(unit_id), spike_times=spike_train(spikes, u),
            location=str(units["location"][u]), preferred_deg=float(units["preferred_deg"][u]))
    table.spike_times.set_data_io(H5DataIO, {"compression": "gzip", "shuffle": True})
    nwb.units = table
    with NWBHDF5IO(path, "w") as io:
        io.write(nwb, cache_spec=cache_spec)


def write_plain_hdf5(path, trials, spikes, units):
    times, index = ragged(spikes, len(UNIT_IDS))
    with h5py.File(path, "w") as f:
        f.create_dataset("units/spike_times", data=times, compression="gzip", shuffle=True)
        f.create_dataset("units/spike_times_index", data=index.astype(np.uint32))
        f.create_dataset("units/id", data=UNIT_IDS.astype(np.int64))
        f.create_dataset("units/location", data=units["location"].astype(h5py.string_dtype()))
        f.create_dataset("units/preferred_deg", data=units["preferred_deg"])
        for name, values in trials.items():
            f.create_dataset("trials/" + name, data=values)


def struct_array(rows, names):
    """A 1 x len(rows) numpy record array, which savemat writes as a MATLAB struct array."""
    array = np.empty((1, len(rows)), dtype=[(name, object) for name in names])
    for k, row in enumerate(rows):
        for name in names:
            array[0, k][name] = row[name]
    return array


def write_mat_v5(path, trials, spikes, units):
    names = list(trials) + ["spikes"]
    rows = []
    for k in range(len(trials["start_time"])):
        row = {name: float(values[k]) for name, values in trials.items()}
        cell = np.empty((1, len(UNIT_IDS)), dtype=object)
        for u in range(len(UNIT_IDS)):
            cell[0, u] = spikes[k][u].reshape(-1, 1)
        row["spikes"] = cell
        rows.append(row)
    unit_struct = {"id": UNIT_IDS.astype(float).reshape(1, -1),
                   "location": np.array(list(units["location"]), dtype=object).reshape(1, -1)}
    scipy.io.savemat(path, {"trials": struct_array(rows, names), "units": unit_struct},
                     do_compression=True, format="5")


def write_mat_v73(path, trials, spikes, count):
    names = list(trials) + ["spikes"]
    records = np.empty((1, count), dtype=[(name, object) for name in names])
    for k in range(count):
        for name, values in trials.items():
            records[0, k][name] = np.array([[values[k]]])
        longest = max(len(s) for s in spikes[k])
        padded = np.full((len(UNIT_IDS), longest), np.nan)
        for u, train in enumerate(spikes[k]):
            padded[u, : len(train)] = train
        records[0, k]["spikes"] = padded
    hdf5storage.savemat(path, {"trials": records, "unit_ids": UNIT_IDS.astype(float).reshape(1, -1)},
                        fmt="7.3", store_python_metadata=False, truncate_existing=True)
    matlab_class_null_terminated(path)


def matlab_class_null_terminated(path):
    """Rewrites each MATLAB_class attribute as MATLAB itself writes it (a fixed-size string,
    null-terminated). hdf5storage writes it null-padded, and matio, reading it into a buffer of
    the same size as a null-terminated string, then loses the last letter ("doubl")."""
    with h5py.File(path, "r+") as f:
        def rewrite(name, obj):
            if "MATLAB_class" not in obj.attrs:
                return
            value = bytes(obj.attrs["MATLAB_class"])
            del obj.attrs["MATLAB_class"]
            string = h5py.h5t.C_S1.copy()
            string.set_size(len(value))
            string.set_strpad(h5py.h5t.STR_NULLTERM)
            attribute = h5py.h5a.create(obj.id, b"MATLAB_class", string, h5py.h5s.create(h5py.h5s.SCALAR))
            attribute.write(np.array(value, dtype="S%d" % len(value)), mtype=string)
        f.visititems(rewrite)


def binned_counts(trials, spikes, count):
    edges_ms = np.arange(-800, 401, 10.0)
    counts = np.zeros((count, len(edges_ms) - 1, len(UNIT_IDS)))
    for k in range(count):
        for u in range(len(UNIT_IDS)):
            relative_ms = (spikes[k][u] - trials["move_time"][k]) * 1000
            counts[k, :, u] = np.histogram(relative_ms, bins=edges_ms)[0]
    return counts


def write_binned_mat(path, trials, counts):
    count = counts.shape[0]
    rows = [{"direction": float(trials["direction"][k]), "move_time": float(trials["move_time"][k])}
            for k in range(count)]
    scipy.io.savemat(path, {
        # MATLAB order (units, bins, trials), to show that the dims name any order.
        "counts": np.transpose(counts, (2, 1, 0)),
        "counts_dims": "units,bins,trials",
        "counts_bin_ms": 10.0,
        "counts_unit": "counts",
        "trials": struct_array(rows, ["direction", "move_time"]),
    }, do_compression=True, format="5")


def write_series_nwb(path):
    rng = np.random.default_rng(7)
    nwb = NWBFile(session_description="time series only", identifier="lintel-fixture-series",
                  session_start_time=SESSION_START, file_create_date=[SESSION_START])
    rates = 20 + 5 * rng.standard_normal((500, 3))
    module = nwb.create_processing_module(name="ecephys", description="derived signals")
    module.add(TimeSeries(name="population_rates", data=rates, unit="Hz", starting_time=2.0, rate=100.0))
    current_times = np.sort(rng.uniform(0, 10, 200))
    current = rng.standard_normal(200)
    nwb.add_acquisition(TimeSeries(name="stim_current", data=current, unit="nA", timestamps=current_times))
    with NWBHDF5IO(path, "w") as io:
        io.write(nwb, cache_spec=False)
    return rates, current_times, current


def write_known_rates(path, base, gain, preferred):
    time_ms = np.arange(-795, 400, 10.0)
    rates = known_rate(base[None, None, :], gain[None, None, :], preferred[None, None, :],
                       DIRECTIONS_DEG[:, None, None], time_ms[None, :, None] / 1000)
    np.savez(path, rates=rates, time_ms=time_ms, directions=DIRECTIONS_DEG)


def write_tiny(trials, spikes, units):
    """tiny.nwb and its damaged copies: the first 6 trials and 3 units."""
    tiny_trials = {name: values[:6] for name, values in trials.items()}
    tiny_spikes = [trial[:3] for trial in spikes[:6]]
    tiny_units = {name: values[:3] for name, values in units.items()}
    outcome = np.array(["hit", "hit", "miss", "hit", "late", "hit"])
    write_nwb("tiny.nwb", tiny_trials, tiny_spikes, tiny_units, UNIT_IDS[:3], cache_spec=False,
              extra_trials={"outcome": outcome})
    with open("tiny.nwb", "rb") as source:
        whole = source.read()
    with open("truncated.nwb", "wb") as cut:
        cut.write(whole[: len(whole) // 2])
    for name, change in (("bad_index.nwb", "past_end"), ("descending_index.nwb", "descending")):
        with open(name, "wb") as copy:
            copy.write(whole)
        with h5py.File(name, "r+") as f:
            index = f["units/spike_times_index"]
            values = index[()].astype(np.int64)
            if change == "past_end":
                values[-1] = len(f["units/spike_times"]) + 12
            else:
                values[1] = values[0] - 1
            del f["units/spike_times_index"]
            f.create_dataset("units/spike_times_index", data=values)
    return tiny_trials, tiny_spikes, outcome


def write_malformed_hdf5():
    with h5py.File("short_column.h5", "w") as f:
        f.create_dataset("units/spike_times", data=np.array([0.5, 1.5, 2.5]))
        f.create_dataset("units/spike_times_index", data=np.array([2, 3]))
        f.create_dataset("trials/start_time", data=np.array([0.0, 1.0, 2.0]))
        f.create_dataset("trials/stop_time", data=np.array([1.0, 2.0, 3.0]))
        f.create_dataset("trials/direction", data=np.array([0.0, 90.0]))
    with h5py.File("huge.h5", "w") as f:
        f.create_dataset("units/spike_times", shape=(10**12,), dtype="f8", chunks=(1024,))
        f.create_dataset("units/spike_times_index", data=np.array([10**12], dtype=np.int64))
    with h5py.File("no_tables.h5", "w") as f:
        f.create_dataset("weights", data=np.arange(6.0).reshape(2, 3))


def main():
    trials, spikes, units, (base, gain, preferred) = make_session()
    write_nwb("reaching.nwb", trials, spikes, units, UNIT_IDS)
    write_plain_hdf5("reaching.h5", trials, spikes, units)
    write_mat_v5("reaching.mat", trials, spikes, units)
    v73_trials = 40
    write_mat_v73("reaching_v73.mat", trials, spikes, v73_trials)
    binned_trials = 24
    counts = binned_counts(trials, spikes, binned_trials)
    write_binned_mat("binned.mat", trials, counts)
    rates, current_times, current = write_series_nwb("series.nwb")
    write_known_rates("reaching_known_rates.npz", base, gain, preferred)
    tiny_trials, tiny_spikes, outcome = write_tiny(trials, spikes, units)
    write_malformed_hdf5()
    scipy.io.savemat("no_trials.mat", {"weights": np.arange(6.0).reshape(2, 3), "note": "no trials here"})

    times, index = ragged(spikes, len(UNIT_IDS))
    tiny_times, tiny_index = ragged(tiny_spikes, 3)
    np.savez_compressed(
        "reference.npz",
        unit_ids=UNIT_IDS.astype(np.int64),
        spike_ticks=np.round(times * CLOCK_HZ).astype(np.int64),
        spike_index=index.astype(np.int64),
        unit_location=units["location"],
        unit_preferred_deg=units["preferred_deg"],
        trial_columns=np.array(list(trials)),
        **{"trial_" + name: values for name, values in trials.items()},
        v73_trials=np.int64(v73_trials),
        binned_counts=counts,
        series_rates=rates,
        series_current_times=current_times,
        series_current=current,
        tiny_spike_ticks=np.round(tiny_times * CLOCK_HZ).astype(np.int64),
        tiny_spike_index=tiny_index.astype(np.int64),
        tiny_outcome=outcome,
    )


if __name__ == "__main__":
    main()
