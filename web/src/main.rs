//! Entry point of the web configurator (built for wasm32 by trunk).

fn main() {
    #[cfg(target_arch = "wasm32")]
    fate_configurator::ui::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("fate-configurator is the web page; build it with trunk (see README). The CLI is fate-chartgen.");
}
