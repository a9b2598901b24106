import { type NagiosEvent, parseNagiosLogLine } from './nagios-log.util';
import { parseStatusDat, statusFromLog } from './status-dat.util';

/** Trimmed from the status.dat of a Nagios 4.4.6 (Debian nagios4-core) with one host and one service. */
const STATUS = `info {
	created=1796418951
	version=4.4.6
	}

programstatus {
	nagios_pid=11906
	}

hoststatus {
	host_name=h1
	has_been_checked=1
	current_state=0
	last_hard_state=0
	state_type=1
	last_state_change=1796418918
	last_hard_state_change=1796418918
	plugin_output=state 0
	performance_data=
	last_check=1796418950
	problem_has_been_acknowledged=0
	scheduled_downtime_depth=1
	}

servicestatus {
	host_name=h1
	service_description=svc
	has_been_checked=1
	current_state=2
	last_hard_state=0
	state_type=0
	last_state_change=1796418937
	last_hard_state_change=1796418931
	plugin_output=C:\\ - total "x"
	performance_data=time=0.007s;1;2;0
	last_check=1796418951
	problem_has_been_acknowledged=1
	}

servicestatus {
	host_name=h1
	service_description=never checked
	has_been_checked=0
	current_state=0
	}
`;

describe('parseStatusDat', () => {
  it('reads each checked host and service with its current and HARD state', () => {
    expect(parseStatusDat(STATUS)).toEqual([
      {
        host: 'h1',
        service: null,
        state: 'UP',
        stateType: 'HARD',
        stateSince: new Date(1796418918_000),
        hardState: 'UP',
        hardStateSince: new Date(1796418918_000),
        output: 'state 0',
        perfData: null,
        acknowledged: false,
        inDowntime: true,
      },
      {
        host: 'h1',
        service: 'svc',
        state: 'CRITICAL',
        stateType: 'SOFT',
        stateSince: new Date(1796418937_000),
        // Still being retried: the HARD state is the last one.
        hardState: 'OK',
        hardStateSince: new Date(1796418931_000),
        output: 'C:\\ - total "x"',
        perfData: 'time=0.007s;1;2;0',
        acknowledged: true,
        inDowntime: false,
      },
    ]);
  });

  it('maps an out-of-range host state to DOWN and a service one to UNKNOWN, and ignores other blocks', () => {
    const text = `hoststatus {\n\thost_name=a\n\thas_been_checked=1\n\tcurrent_state=7\n\tstate_type=1\n\t}\nservicestatus {\n\thost_name=a\n\tservice_description=b\n\thas_been_checked=1\n\tcurrent_state=9\n\tstate_type=1\n\t}\ncontactstatus {\n\tcontact_name=x\n\t}\n`;
    expect(parseStatusDat(text).map((s) => [s.service, s.state, s.hardState])).toEqual([
      [null, 'DOWN', 'DOWN'],
      ['b', 'UNKNOWN', 'UNKNOWN'],
    ]);
    expect(parseStatusDat('garbage {{')).toEqual([]);
  });
});

describe('statusFromLog', () => {
  const events = [
    '[100] INITIAL HOST STATE: h1;UP;HARD;1;ok',
    '[110] HOST ALERT: h1;DOWN;SOFT;1;down',
    '[120] HOST ALERT: h1;DOWN;HARD;2;down',
    '[121] EXTERNAL COMMAND: ACKNOWLEDGE_HOST_PROBLEM;h1;1;1;0;mrossi;on it',
    '[130] SERVICE ALERT: h1;svc;CRITICAL;SOFT;1;refused',
  ]
    .map(parseNagiosLogLine)
    .filter((e): e is NagiosEvent => e !== null);

  it('gives each object its last state, its last HARD state and since when, as status.dat would', () => {
    expect(statusFromLog(events)).toEqual([
      expect.objectContaining({
        host: 'h1',
        service: null,
        state: 'DOWN',
        stateType: 'HARD',
        stateSince: new Date(110_000),
        hardState: 'DOWN',
        hardStateSince: new Date(120_000),
        acknowledged: true,
      }),
      expect.objectContaining({
        service: 'svc',
        state: 'CRITICAL',
        stateType: 'SOFT',
        hardState: 'OK',
        acknowledged: false,
      }),
    ]);
  });
});
