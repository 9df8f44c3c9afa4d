import { render } from "preact"; render(<p>Credit Gauge</p>, document.getElementById("app")!);
